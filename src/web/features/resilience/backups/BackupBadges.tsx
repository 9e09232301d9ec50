import { Badge, Group } from '@mantine/core';
import { IconPlugConnected, IconPlugConnectedX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import type { BackupPlanDto } from '../../../../shared/contracts/resilience-backups.contract.ts';

/** Whether a copy counts as offline (MHLW Q&A No. 7), in words and an icon; `count` adds how many offline copies a system has. */
export function OfflineBadge({ offline, count }: { offline: boolean; count?: number }) {
  const { t } = useTranslation();
  const text = offline ? (count !== undefined ? t('resilienceBackups.badges.offlineCount', { count }) : t('resilienceBackups.badges.offline')) : count !== undefined ? t('resilienceBackups.badges.noOffline') : t('resilienceBackups.badges.online');
  return (
    <Badge
      variant={offline ? 'light' : 'outline'}
      color={offline ? 'teal' : count !== undefined ? 'red' : 'gray'}
      radius="sm"
      leftSection={offline ? <IconPlugConnectedX size={14} aria-hidden /> : <IconPlugConnected size={14} aria-hidden />}
      styles={{ root: { textTransform: 'none', flexShrink: 0, maxWidth: 'none', overflow: 'visible' }, label: { overflow: 'visible' } }}
      data-offline={offline ? 'true' : 'false'}
    >
      {text}
    </Badge>
  );
}

/** A plan's freshness in words: succeeded N days ago, not succeeded for N days, never succeeded, or retired. */
export function FreshnessBadge({ plan }: { plan: Pick<BackupPlanDto, 'freshness' | 'retiredAt'> }) {
  const { t } = useTranslation();
  const f = plan.freshness;
  if (plan.retiredAt) return <StatusBadge tone="neutral">{t('resilienceBackups.badges.retired')}</StatusBadge>;
  const badge =
    f.status === 'never' ? (
      <StatusBadge tone="warn">{t('resilienceBackups.badges.never')}</StatusBadge>
    ) : f.status === 'stale' ? (
      <StatusBadge tone="danger">{t('resilienceBackups.badges.stale', { count: f.daysSinceSuccess ?? 0 })}</StatusBadge>
    ) : (
      <StatusBadge tone="ok">{f.daysSinceSuccess === 0 ? t('resilienceBackups.badges.freshToday') : t('resilienceBackups.badges.fresh', { count: f.daysSinceSuccess ?? 0 })}</StatusBadge>
    );
  return f.lastRunStatus && f.lastRunStatus !== 'success' ? (
    <Group gap={4} wrap="wrap">
      {badge}
      <StatusBadge tone="warn">{t(`resilienceBackups.badges.lastRun.${f.lastRunStatus}`)}</StatusBadge>
    </Group>
  ) : (
    badge
  );
}
