import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconLoader2, IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import type { BcpSaveState } from './useBcpAutosave.ts';

/**
 * The draft's autosave state in words (announced politely): saving / saved / unsaved changes, or what went wrong
 * (could not save, with a retry). A conflict (someone else saved first) offers to load the latest.
 */
export function BcpSaveStatus({ state, error, onReload, onRetry }: { state: BcpSaveState; error?: unknown; onReload?: () => void; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (state === 'conflict') {
    return (
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" title={t('resilienceBcp.save.conflictTitle')} data-testid="bcp-save-conflict">
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm">{t('resilienceBcp.save.conflict')}</Text>
          {onReload ? (
            <Button size="compact-sm" onClick={onReload}>
              {t('resilienceBcp.save.reload')}
            </Button>
          ) : null}
        </Group>
      </Alert>
    );
  }
  if (state === 'error') {
    return (
      <Stack gap="xs">
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" title={t('resilienceBcp.save.error')} data-testid="bcp-save-error">
          <Group justify="space-between" gap="xs" wrap="wrap">
            <Text size="sm">{t('resilienceBcp.save.errorHelp')}</Text>
            {onRetry ? (
              <Button size="compact-sm" variant="light" onClick={onRetry}>
                {t('common.retry')}
              </Button>
            ) : null}
          </Group>
        </Alert>
        {error ? <ErrorAlert error={error} /> : null}
      </Stack>
    );
  }
  const icon = state === 'saving' ? <IconLoader2 size={14} aria-hidden /> : state === 'saved' ? <IconCheck size={14} aria-hidden /> : state === 'dirty' ? <IconPencil size={14} aria-hidden /> : null;
  return (
    <Group gap={4} role="status" aria-live="polite" data-testid="bcp-save-status" data-state={state} className="no-print">
      {icon}
      <Text size="sm" c="dimmed">
        {t(`resilienceBcp.save.${state}`)}
      </Text>
    </Group>
  );
}

