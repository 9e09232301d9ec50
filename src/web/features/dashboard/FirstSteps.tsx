import { Anchor, Card, Group, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconArrowRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PATHS } from '../../paths.ts';
import { useAssetList } from '../ledger/ledger.ts';
import { usePermissions } from '../session/permissions.ts';

const STEPS = ['assets', 'connections', 'vulnerabilities', 'checklist', 'contacts'] as const;

/** Where a step starts, or null when the user may not open it. */
function stepTarget(step: (typeof STEPS)[number], perm: ReturnType<typeof usePermissions>, facilityId: string): string | null {
  switch (step) {
    case 'assets':
      return perm.readLedger ? PATHS.assets : null;
    case 'connections':
      return perm.readLedger ? PATHS.connections : null;
    case 'vulnerabilities':
      return perm.manageFeeds ? PATHS.vulnFeeds : perm.readVulns ? PATHS.vulns : null;
    case 'checklist':
      return perm.can('assessment.read', facilityId) ? PATHS.assessments : null;
    case 'contacts':
      return perm.isAdmin || perm.can('contacts.read', facilityId) ? PATHS.incidentContacts : null;
  }
}

/**
 * "Empty states teach": what a new facility should do first, in order. Each step links to its module when the user
 * may open it.
 */
export function FirstSteps({ facilityId, facilityName }: { facilityId: string; facilityName: string }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  // One row is enough to know whether the ledger is still empty.
  const assets = useAssetList(facilityId, { pageSize: 1 }, perm.readLedger);
  const assetTotal = assets.data?.total ?? null;
  return (
    <Card withBorder radius="md" p={{ base: 'md', sm: 'lg' }}>
      <Stack gap="xs" mb="md">
        <Title order={2} size="h3">
          {t('dashboard.firstSteps.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('dashboard.firstSteps.description', { facility: facilityName })}
        </Text>
      </Stack>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {STEPS.map((step, i) => {
          const title = t(`dashboard.firstSteps.steps.${step}.title`);
          const target = stepTarget(step, perm, facilityId);
          const live = target !== null;
          return (
            <Card component="li" key={step} withBorder radius="sm" p="md" bg={live ? 'white' : 'gray.0'}>
              <Group align="flex-start" wrap="nowrap" gap="md">
                <ThemeIcon size={36} radius="xl" variant="filled" color="blue" aria-hidden>
                  <Text fw={700} c="white">
                    {i + 1}
                  </Text>
                </ThemeIcon>
                <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
                  <Group gap="xs" wrap="wrap">
                    {live ? (
                      <Anchor component={Link} to={target} fw={700}>
                        <Group gap={4} wrap="nowrap" component="span">
                          {title}
                          <IconArrowRight size={16} aria-hidden />
                        </Group>
                      </Anchor>
                    ) : (
                      <Text fw={700}>{title}</Text>
                    )}
                    {step === 'assets' && assetTotal !== null && assetTotal > 0 ? (
                      <StatusBadge tone="ok">{t('dashboard.firstSteps.assetsDone', { count: assetTotal })}</StatusBadge>
                    ) : null}
                  </Group>
                  <Text size="sm">{t(`dashboard.firstSteps.steps.${step}.description`)}</Text>
                </Stack>
              </Group>
            </Card>
          );
        })}
      </Stack>
    </Card>
  );
}
