import { useState } from 'react';
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconInfoCircle, IconShieldCheck } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLocale } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { TResilienceSummary, TSummarySentence } from '../../../shared/contracts/resilience-summary.contract.ts';
import { renderSummarySentence } from '../../../shared/resilience/summary.ts';
import { usePermissions } from '../session/permissions.ts';

/** Sentences shown on the card; the rest are on the resilience pages. */
const SHOWN = 5;

/** Where a summary sentence leads. */
export function summaryLink(link: TSummarySentence['link']): string {
  switch (link.to) {
    case 'backups':
      return PATHS.backups;
    case 'backupPlan':
      return link.id ? PATHS.backupPlan(link.id) : PATHS.backups;
    case 'recovery':
      return PATHS.recovery;
    case 'drills':
      return PATHS.drills;
    case 'drill':
      return link.id ? PATHS.drill(link.id) : PATHS.drills;
    case 'bcp':
      return PATHS.bcp;
    case 'bcpVersion':
      return link.id ? PATHS.bcpVersion(link.id) : PATHS.bcp;
    case 'exercises':
      return PATHS.exercises;
    case 'binder':
      return PATHS.binder;
    case 'ledger':
      return PATHS.assets;
  }
}

const ICONS = {
  critical: <IconAlertTriangle size={16} aria-hidden color="var(--mantine-color-red-8)" />,
  warning: <IconAlertTriangle size={16} aria-hidden color="var(--mantine-color-orange-8)" />,
  info: <IconInfoCircle size={16} aria-hidden color="var(--mantine-color-blue-8)" />,
};

/**
 * Resilience on the dashboard: the facility's resilience problems as plain sentences (worst first, top five) with links, or one
 * "all good" line only when there is something to judge and nothing is wrong. Hidden without resilience.read.
 */
export function ResilienceCard({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const perm = usePermissions();
  const allowed = perm.isAdmin || perm.can('resilience.read', facilityId);
  const q = useQuery({
    queryKey: ['resilience', 'summary', facilityId],
    queryFn: ({ signal }) => api.get<TResilienceSummary>(`/facilities/${encodeURIComponent(facilityId)}/resilience/summary`, undefined, signal),
    enabled: allowed,
    retry: (count, e) => !(isApiError(e) && e.status >= 400 && e.status < 500) && count < 2,
    refetchInterval: 300_000,
  });
  // Every problem stays one click away: the rest of the list unfolds in place.
  const [showAll, setShowAll] = useState(false);
  if (!allowed) return null;
  // A 403/404 here means the server disagrees about access: say nothing rather than alarm.
  if (isApiError(q.error) && (q.error.status === 403 || q.error.status === 404)) return null;
  const s = q.data;
  const rest = s && !showAll ? s.sentences.length - SHOWN : 0;
  return (
    <Card withBorder radius="md" p="lg" component="section" aria-labelledby="dashboard-resilience-title" data-testid="resilience-card">
      <Group justify="space-between" mb="sm" wrap="wrap">
        <Group gap="xs" wrap="nowrap">
          <IconShieldCheck size={20} aria-hidden />
          <Title order={2} size="h4" id="dashboard-resilience-title">
            {t('resilienceBackups.card.title')}
          </Title>
        </Group>
        <Anchor component={Link} to={PATHS.backups} size="sm">
          {t('resilienceBackups.card.link')}
        </Anchor>
      </Group>
      {q.isPending ? <Loading /> : null}
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {s ? (
        s.sentences.length > 0 ? (
          <Stack gap="xs">
            <Stack gap={6} component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {(showAll ? s.sentences : s.sentences.slice(0, SHOWN)).map((sentence, i) => (
                <Group key={`${sentence.code}-${sentence.systemId ?? ''}-${sentence.link.id ?? ''}-${i}`} component="li" gap={8} wrap="nowrap" align="flex-start">
                  <span style={{ flexShrink: 0, marginTop: 3 }}>{ICONS[sentence.severity]}</span>
                  <Stack gap={0} style={{ minWidth: 0 }}>
                    <Text size="xs" fw={700} c={sentence.severity === 'critical' ? 'red.9' : sentence.severity === 'warning' ? 'orange.9' : 'blue.9'}>
                      {t(`resilienceBackups.card.severity.${sentence.severity}`)}
                    </Text>
                    <Anchor component={Link} to={summaryLink(sentence.link)} size="sm">
                      {renderSummarySentence(sentence, locale)}
                    </Anchor>
                  </Stack>
                </Group>
              ))}
            </Stack>
            {rest > 0 ? (
              <Button variant="subtle" size="compact-sm" onClick={() => setShowAll(true)} style={{ alignSelf: 'flex-start' }}>
                {t('resilienceBackups.card.more', { count: rest })}
              </Button>
            ) : null}
          </Stack>
        ) : s.allGood ? (
          <Group gap={8} wrap="nowrap">
            <IconCircleCheck size={18} aria-hidden color="var(--mantine-color-green-8)" />
            <Text size="sm">{t('resilienceBackups.card.allGood')}</Text>
          </Group>
        ) : (
          <Text size="sm">
            {t('resilienceBackups.card.noSystems')}{' '}
            <Anchor component={Link} to={PATHS.assets}>
              {t('resilienceBackups.card.openLedger')}
            </Anchor>
          </Text>
        )
      ) : null}
    </Card>
  );
}
