import { Alert, Button, Group, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLoader2, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';

export type SaveState = 'idle' | 'dirty' | 'saving' | 'saved' | 'error' | 'conflict';

/**
 * The autosave state in words (announced politely): unsaved changes, saving, saved, or what went wrong. A conflict
 * (someone else saved first) offers to load their version.
 */
export function SaveStatus({ state, error, onReload, onRetry }: { state: SaveState; error?: unknown; onReload?: () => void; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (state === 'conflict') {
    return (
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" title={t('incidentCase.save.conflictTitle')} data-testid="save-conflict">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm">{t('incidentCase.save.conflict')}</Text>
          {onReload ? (
            <Button size="compact-sm" onClick={onReload}>
              {t('incidentCase.save.reload')}
            </Button>
          ) : null}
        </Group>
      </Alert>
    );
  }
  if (state === 'error') {
    return (
      <Group gap="xs" align="flex-start" wrap="wrap">
        <div style={{ flex: 1, minWidth: 0 }}>
          <ErrorAlert error={error} />
        </div>
        {onRetry ? (
          <Button size="compact-sm" variant="light" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : null}
      </Group>
    );
  }
  const icon = state === 'saving' ? <IconLoader2 size={14} aria-hidden /> : state === 'saved' ? <IconCheck size={14} aria-hidden /> : state === 'dirty' ? <IconPencil size={14} aria-hidden /> : null;
  const text = state === 'saving' ? t('incidentCase.save.saving') : state === 'saved' ? t('incidentCase.save.saved') : state === 'dirty' ? t('incidentCase.save.dirty') : t('incidentCase.save.auto');
  return (
    <Group gap={4} role="status" aria-live="polite" data-testid="save-status" data-state={state} className="no-print">
      {icon}
      <Text size="xs" c="dimmed">
        {text}
      </Text>
    </Group>
  );
}
