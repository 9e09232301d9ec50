import { useState, type ReactNode } from 'react';
import { Alert, Checkbox, Fieldset, Grid, Group, NumberInput, Radio, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { IconCircleCheck, IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { focusFirstError, formValues, showFieldErrors } from '../../../components/errors.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import { useLocale } from '../../../lib/format.ts';
import type { BackupPlanDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import { REMOVABLE_MEDIA, type BackupMedium } from '../../../../shared/resilience/backup.ts';
import { useVendorOptions } from '../../connections/connections.ts';
import { useAssetList, useLedgerLabels } from '../../ledger/ledger.ts';
import { backupFieldErrors, backupPath, formIsOffline, planBody, planFormValues, planName, useBackupLabels, useBackupsChanged, type PlanFormValues } from './backups.ts';

const FIELD_ORDER: (keyof PlanFormValues)[] = [
  'assetId', 'label', 'scopes', 'medium', 'disconnected', 'cloudImmutable', 'networkSeparated', 'generations', 'everyDays', 'scheduleNote', 'tool',
  'location', 'storagePlace', 'encrypted', 'keyHolder', 'runBy', 'vendorId', 'restoreProcedure', 'externalKey', 'notes',
];
const PREFIX = 'backup-plan-field';
const fieldId = (k: string) => `${PREFIX}-${k}`;
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, FIELD_ORDER, errors);

interface SystemOption {
  value: string;
  label: string;
  criticality: number;
}

export interface PresetSystem {
  id: string;
  name: string;
  criticality: number;
}

/** Add a backup plan (one copy of one system) or edit one. `system` preselects the system (a finding's next step). */
export function BackupPlanFormModal({ facilityId, plan, system, onClose, onSaved }: { facilityId: string; plan?: BackupPlanDto; system?: PresetSystem; onClose: () => void; onSaved?: (p: BackupPlanDto) => void }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const labels = useBackupLabels();
  const ledgerLabels = useLedgerLabels();
  const changed = useBackupsChanged();
  const vendors = useVendorOptions(facilityId);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  // Without a search the most critical systems come first: those are the ones the rules ask about.
  const found = useAssetList(facilityId, { q: q.trim() || undefined, pageSize: 30, sort: 'criticality' });
  const [known, setKnown] = useState<Record<string, SystemOption>>(() => {
    const s = plan?.system ?? system;
    return s ? { [s.id]: { value: s.id, label: s.name, criticality: s.criticality } } : {};
  });
  const options = new Map<string, SystemOption>(Object.entries(known));
  for (const a of found.data?.items ?? []) options.set(a.id, { value: a.id, label: a.name, criticality: a.criticality });

  const form = useForm<PlanFormValues>({
    mode: 'controlled',
    initialValues: planFormValues(plan, system?.id),
    validate: {
      assetId: (v) => (v ? null : t('resilienceBackups.form.systemRequired')),
      scopes: (v) => (v.length > 0 ? null : t('resilienceBackups.form.scopesRequired')),
      medium: (v) => (v ? null : t('validation.required')),
      generations: (v) => {
        const n = Number(v);
        return v === '' || !Number.isInteger(n) || n < 0 || n > 10_000 ? t('resilienceBackups.form.generationsInvalid') : null;
      },
      everyDays: (v) => {
        const n = Number(v);
        return v === '' || !Number.isInteger(n) || n < 1 || n > 3660 ? t('resilienceBackups.form.everyDaysInvalid') : null;
      },
    },
  });

  const save = useMutation({
    mutationFn: (values: PlanFormValues) => {
      const body = planBody(values);
      return plan ? api.patch<BackupPlanDto>(backupPath.plan(plan.id), { ...body, expectedVersion: plan.version }) : api.post<BackupPlanDto>(backupPath.plans(facilityId), body);
    },
    onSuccess: (p) => {
      changed(p);
      notify(plan ? t('resilienceBackups.form.updated', { name: planName(p, locale) }) : t('resilienceBackups.form.created', { name: planName(p, locale) }));
      onClose();
      onSaved?.(p);
    },
    onError: (e) => showFieldErrors(form, backupFieldErrors(e, t, formValues(form)), focusFirst),
  });

  const values = form.getValues();
  const medium = values.medium as BackupMedium | '';
  const removable = medium !== '' && REMOVABLE_MEDIA.includes(medium);
  const offline = medium !== '' && formIsOffline(values);
  const col = (span: number, node: ReactNode) => <Grid.Col span={{ base: 12, sm: span }}>{node}</Grid.Col>;
  const input = (k: keyof PlanFormValues) => ({ id: fieldId(k), ...form.getInputProps(k) });
  const check = (k: keyof PlanFormValues) => ({ id: fieldId(k), ...form.getInputProps(k, { type: 'checkbox' }) });
  const vendorData = [{ value: '', label: t('resilienceBackups.form.noVendor') }, ...(vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }))];
  if (plan?.vendor && !vendorData.some((o) => o.value === plan.vendor?.id)) vendorData.push({ value: plan.vendor.id, label: plan.vendor.name });

  return (
    <FormModal
      title={plan ? t('resilienceBackups.form.editTitle', { name: planName(plan, locale) }) : t('resilienceBackups.form.createTitle')}
      size="xl"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}
      note={plan ? t('common.requiredNote') : `${t('resilienceBackups.form.intro')} ${t('common.requiredNote')}`}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('resilienceBackups.form.errorSummary')}
      error={save.error}
      submitLabel={plan ? t('resilienceBackups.form.submitEdit') : t('resilienceBackups.form.submitCreate')}
      loading={save.isPending}
    >
      <Fieldset legend={t('resilienceBackups.form.sections.what')}>
        <Grid gutter="sm">
          {col(
            12,
            <Select
              label={t('resilienceBackups.fields.system')}
              description={t('resilienceBackups.help.system')}
              placeholder={t('resilienceBackups.help.systemSearch')}
              required
              data-autofocus
              data={[...options.values()]}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options: o }) => o}
              nothingFoundMessage={found.isFetching ? t('common.loading') : t('common.nothingFound')}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed">
                    {ledgerLabels.criticalityLong((option as SystemOption).criticality)}
                  </Text>
                </Stack>
              )}
              {...input('assetId')}
              onChange={(v) => {
                const o = options.get(v ?? '');
                if (o) setKnown((prev) => ({ ...prev, [o.value]: o }));
                form.setFieldValue('assetId', v ?? '');
              }}
            />,
          )}
          {col(12, <TextInput label={t('resilienceBackups.fields.label')} description={t('resilienceBackups.help.label')} maxLength={200} {...input('label')} />)}
          {col(
            12,
            <Checkbox.Group label={t('resilienceBackups.fields.scopes')} description={t('resilienceBackups.help.scopes')} required {...input('scopes')}>
              <Group gap="lg" mt="xs">
                {labels.scopeOptions.map((o) => (
                  <Checkbox key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Checkbox.Group>,
          )}
          {col(6, <TextInput label={t('resilienceBackups.fields.tool')} description={t('resilienceBackups.help.tool')} maxLength={200} {...input('tool')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('resilienceBackups.form.sections.medium')}>
        <Stack gap="sm">
          <Select
            label={t('resilienceBackups.fields.medium')}
            description={t('resilienceBackups.help.medium')}
            required
            data={labels.mediumOptions}
            placeholder={t('common.selectPlaceholder')}
            allowDeselect={false}
            {...input('medium')}
          />
          <Alert variant="light" color="blue" icon={<IconInfoCircle aria-hidden />} p="sm" id="backup-offline-rule">
            <Text size="sm">{t('resilienceBackups.help.offlineRule')}</Text>
          </Alert>
          {removable ? <Switch label={t('resilienceBackups.fields.disconnected')} description={t('resilienceBackups.help.disconnected')} {...check('disconnected')} /> : null}
          {medium === 'cloud' ? <Switch label={t('resilienceBackups.fields.cloudImmutable')} description={t('resilienceBackups.help.cloudImmutable')} {...check('cloudImmutable')} /> : null}
          <Switch label={t('resilienceBackups.fields.networkSeparated')} description={t('resilienceBackups.help.networkSeparated')} {...check('networkSeparated')} />
          {medium !== '' ? (
            <Group gap={6} role="status" aria-live="polite">
              {offline ? <IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-8)" /> : <IconInfoCircle size={16} aria-hidden />}
              <Text size="sm" fw={600}>
                {offline ? t('resilienceBackups.form.countsOffline') : t('resilienceBackups.form.countsOnline')}
              </Text>
            </Group>
          ) : null}
        </Stack>
      </Fieldset>

      <Fieldset legend={t('resilienceBackups.form.sections.schedule')}>
        <Grid gutter="sm">
          {col(4, <NumberInput label={t('resilienceBackups.fields.generations')} description={t('resilienceBackups.help.generations')} min={0} max={10_000} allowDecimal={false} allowNegative={false} required {...input('generations')} />)}
          {col(4, <NumberInput label={t('resilienceBackups.fields.everyDays')} description={t('resilienceBackups.help.everyDays')} min={1} max={3660} allowDecimal={false} allowNegative={false} required {...input('everyDays')} />)}
          {col(4, <TextInput label={t('resilienceBackups.fields.scheduleNote')} description={t('resilienceBackups.help.scheduleNote')} maxLength={200} {...input('scheduleNote')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('resilienceBackups.form.sections.place')}>
        <Grid gutter="sm">
          {col(
            12,
            <Radio.Group label={t('resilienceBackups.fields.location')} required {...input('location')}>
              <Group gap="lg" mt="xs">
                {labels.locationOptions.map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>,
          )}
          {col(12, <TextInput label={t('resilienceBackups.fields.storagePlace')} description={t('resilienceBackups.help.storagePlace')} maxLength={500} {...input('storagePlace')} />)}
          {col(12, <Switch label={t('resilienceBackups.fields.encrypted')} {...check('encrypted')} />)}
          {values.encrypted ? col(12, <TextInput label={t('resilienceBackups.fields.keyHolder')} description={t('resilienceBackups.help.keyHolder')} maxLength={200} {...input('keyHolder')} />) : null}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('resilienceBackups.form.sections.who')}>
        <Grid gutter="sm">
          {col(
            6,
            <Radio.Group label={t('resilienceBackups.fields.runBy')} required {...input('runBy')}>
              <Group gap="lg" mt="xs">
                {labels.runnerOptions.map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>,
          )}
          {col(
            6,
            <Select
              label={t('resilienceBackups.fields.vendor')}
              description={vendors.data === null ? t('resilienceBackups.help.vendorUnavailable') : t('resilienceBackups.help.vendor')}
              data={vendorData}
              allowDeselect={false}
              searchable={vendorData.length > 10}
              nothingFoundMessage={t('common.nothingFound')}
              {...input('vendorId')}
            />,
          )}
          {col(
            12,
            <Textarea label={t('resilienceBackups.fields.restoreProcedure')} description={t('resilienceBackups.help.restoreProcedure')} autosize minRows={3} maxRows={12} maxLength={10_000} {...input('restoreProcedure')} />,
          )}
          {col(12, <TextInput label={t('resilienceBackups.fields.externalKey')} description={t('resilienceBackups.help.externalKey')} maxLength={200} {...input('externalKey')} />)}
          {col(12, <Textarea label={t('resilienceBackups.fields.notes')} autosize minRows={2} maxRows={8} maxLength={4000} {...input('notes')} />)}
        </Grid>
      </Fieldset>
      {found.error ? <ErrorAlert error={found.error} /> : null}
    </FormModal>
  );
}
