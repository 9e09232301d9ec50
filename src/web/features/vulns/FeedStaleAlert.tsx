import { Alert, Anchor, Code, List, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDatabaseOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PATHS } from '../../paths.ts';
import { useFeedStatus } from './vulns.ts';

/**
 * The warning that vulnerability data is old or missing, with what to do about it: import files on the feeds
 * page (administrators) or run `mamori feeds import` / `mamori feeds sync` on the server. Nothing when fresh.
 */
export function FeedStaleAlert({ stale }: { stale?: boolean }) {
  const { t } = useTranslation();
  const status = useFeedStatus();
  const data = status.data;
  const never = data ? data.sources.every((s) => s.lastImport === null) : false;
  const isStale = stale ?? data?.stale ?? false;
  if (!never && !isStale) return null;
  const staleSources = (data?.sources ?? []).filter((s) => s.stale).map((s) => t(`vulns.feeds.sources.${s.source}`));
  return (
    <Alert
      color={never ? 'red' : 'orange'}
      variant="light"
      role="status"
      icon={never ? <IconDatabaseOff aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={never ? t('vulns.feedAlert.neverTitle') : t('vulns.feedAlert.staleTitle')}
    >
      <Stack gap={6}>
        <Text size="sm">{never ? t('vulns.feedAlert.never') : t('vulns.feedAlert.stale', { sources: staleSources.join(t('vulns.listSeparator')) || t('vulns.feedAlert.someSources') })}</Text>
        <List size="sm" spacing={2}>
          <List.Item>
            <Anchor component={Link} to={PATHS.vulnFeeds} size="sm">
              {t('vulns.feedAlert.uploadStep')}
            </Anchor>
          </List.Item>
          <List.Item>
            {t('vulns.feedAlert.cliStep')} <Code>mamori feeds import FILE…</Code> / <Code>mamori feeds sync</Code>
          </List.Item>
        </List>
      </Stack>
    </Alert>
  );
}
