import { Grid, Radio, Group, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { focusFirstError, formValues, showFieldErrors } from '../../../components/errors.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import type { BackupRunCreateBody, BackupRunDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import { BACKUP_RUN_STATUSES, type BackupRunStatus } from '../../../../shared/resilience/backup.ts';
import { jstLocalInput } from '../../incidents/report/reports.ts';
import { backupFieldErrors, backupPath, jstInputToIso, parseBytes, useBackupLabels, useBackupsChanged } from './backups.ts';

interface RunFormValues {
  startedAt: string;
  finishedAt: string;
  status: string;
  bytes: string;
  message: string;
}

const FIELD_ORDER: (keyof RunFormValues)[] = ['startedAt', 'finishedAt', 'status', 'bytes', 'message'];
const PREFIX = 'backup-run-field';
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, FIELD_ORDER, errors);

/** Record the result of one backup run by hand (times typed in JST). */
export function BackupRunModal({ planId, planName, onClose }: { planId: string; planName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useBackupLabels();
  const changed = useBackupsChanged();
  const now = new Date();
  const form = useForm<RunFormValues>({
    mode: 'controlled',
    initialValues: { startedAt: jstLocalInput(new Date(now.getTime() - 3_600_000)), finishedAt: jstLocalInput(now), status: 'success', bytes: '', message: '' },
    validate: {
      startedAt: (v) => (jstInputToIso(v) ? null : t('resilienceBackups.issues.invalid_date')),
      finishedAt: (v, all) => {
        const end = jstInputToIso(v);
        const start = jstInputToIso(all.startedAt);
        if (!end) return t('resilienceBackups.issues.invalid_date');
        return start && Date.parse(end) < Date.parse(start) ? t('resilienceBackups.issues.finished_before_started') : null;
      },
      status: (v) => ((BACKUP_RUN_STATUSES as readonly string[]).includes(v) ? null : t('validation.required')),
      bytes: (v) => (Number.isNaN(parseBytes(v)) ? t('resilienceBackups.run.bytesInvalid') : null),
    },
  });

  const save = useMutation({
    mutationFn: (v: RunFormValues) => {
      const body: BackupRunCreateBody = {
        startedAt: jstInputToIso(v.startedAt) ?? v.startedAt,
        finishedAt: jstInputToIso(v.finishedAt) ?? v.finishedAt,
        status: v.status as BackupRunStatus,
        bytes: parseBytes(v.bytes),
        message: v.message.trim() || null,
      };
      return api.post<BackupRunDto>(backupPath.runs(planId), body);
    },
    onSuccess: (run) => {
      changed();
      notify(t('resilienceBackups.run.recorded', { status: labels.status(run.status), name: planName }));
      onClose();
    },
    onError: (e) => showFieldErrors(form, backupFieldErrors(e, t, formValues(form)), focusFirst),
  });

  const input = (k: keyof RunFormValues) => ({ id: `${PREFIX}-${k}`, ...form.getInputProps(k) });
  return (
    <FormModal
      title={t('resilienceBackups.run.title', { name: planName })}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}
      note={`${t('resilienceBackups.run.intro')} ${t('common.requiredNote')}`}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('resilienceBackups.form.errorSummary')}
      error={save.error}
      submitLabel={t('resilienceBackups.run.submit')}
      loading={save.isPending}
    >
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput type="datetime-local" label={t('resilienceBackups.run.startedAt')} description={t('resilienceBackups.run.jstNote')} required data-autofocus {...input('startedAt')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput type="datetime-local" label={t('resilienceBackups.run.finishedAt')} description={t('resilienceBackups.run.jstNote')} required {...input('finishedAt')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Radio.Group label={t('resilienceBackups.run.status')} required {...input('status')}>
            <Group gap="lg" mt="xs">
              {labels.statusOptions.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} />
              ))}
            </Group>
          </Radio.Group>
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('resilienceBackups.run.bytes')} description={t('resilienceBackups.run.bytesHelp')} maxLength={40} {...input('bytes')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('resilienceBackups.run.message')} description={t('resilienceBackups.run.messageHelp')} autosize minRows={2} maxRows={6} maxLength={2000} {...input('message')} />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
