import { Badge, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconLanguage, IconQuestionMark } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { StatusBadge, type StatusTone } from '../../components/StatusBadge.tsx';
import type { AssessmentStatus } from '../../../shared/assessments/types.ts';
import type { ProgressDto } from '../../../shared/contracts/assessments.contract.ts';
import { useAssessmentLabels } from './assessments.ts';

const STATUS_TONE: Record<AssessmentStatus, StatusTone> = { in_progress: 'info', submitted: 'warn', accepted: 'ok', locked: 'ok' };

/** The assessment's status as text and icon. */
export function AssessmentStatusBadge({ status }: { status: AssessmentStatus }) {
  const labels = useAssessmentLabels();
  return <StatusBadge tone={STATUS_TONE[status]}>{labels.status(status)}</StatusBadge>;
}

/** Complete / items as a bar with the numbers in words (the bar is named for screen readers). */
export function ProgressCell({ progress, name, size = 'md', withText = true }: { progress: Pick<ProgressDto, 'items' | 'complete'>; name: string; size?: 'sm' | 'md' | 'lg'; withText?: boolean }) {
  const { t } = useTranslation();
  const pct = progress.items > 0 ? Math.round((progress.complete / progress.items) * 100) : 0;
  return (
    <Stack gap={4} miw={140}>
      <Progress value={pct} size={size} color={pct >= 100 ? 'green' : 'blue'} aria-label={t('assessments.list.progressLabel', { name })} />
      {withText ? <Text size="xs">{t('assessments.list.progressText', { complete: progress.complete, items: progress.items })}</Text> : null}
    </Stack>
  );
}

// Counted badges keep their whole text (a narrow table column would otherwise cut "Disagreements: 3" to "Disagreem…").
const BADGE_STYLE = { textTransform: 'none', flexShrink: 0 } as const;
const BADGE_STYLES = { label: { overflow: 'visible' } } as const;

/** Gaps and disagreements as small counted badges (none at zero). */
export function CountBadges({ gaps, disagreements }: { gaps: number; disagreements: number }) {
  const { t } = useTranslation();
  if (gaps === 0 && disagreements === 0) return null;
  return (
    <Group gap={4} wrap="wrap">
      {gaps > 0 ? (
        <Badge color="orange" variant="light" radius="sm" style={BADGE_STYLE} styles={BADGE_STYLES}>
          {t('assessments.list.gapsCount', { count: gaps })}
        </Badge>
      ) : null}
      {disagreements > 0 ? (
        <Badge color="red" variant="light" radius="sm" leftSection={<IconAlertTriangle size={12} aria-hidden />} style={BADGE_STYLE} styles={BADGE_STYLES}>
          {t('assessments.list.disagreementsCount', { count: disagreements })}
        </Badge>
      ) : null}
    </Group>
  );
}

/** The 'wording not verified' badge with its explanation on hover and focus. */
export function UnverifiedBadge() {
  const { t } = useTranslation();
  return (
    <Tooltip label={t('assessments.item.unverifiedHelp')} multiline w={260} events={{ hover: true, focus: true, touch: true }}>
      <Badge color="gray" variant="outline" radius="sm" tabIndex={0} leftSection={<IconQuestionMark size={12} aria-hidden />} style={{ textTransform: 'none', cursor: 'help' }} aria-description={t('assessments.item.unverifiedHelp')}>
        {t('assessments.item.unverified')}
      </Badge>
    </Tooltip>
  );
}

/** A small "English" marker before the English wording of an item. */
export function EnglishMark() {
  const { t } = useTranslation();
  return <IconLanguage size={12} aria-label={t('assessments.item.english')} />;
}
