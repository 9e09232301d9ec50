import { useEffect, useState, type ReactNode } from 'react';
import { Chip, Fieldset, Grid, Group, MultiSelect, NumberInput, Radio, Select, Stack, Switch, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useDebouncedValue } from '@mantine/hooks';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { focusFirstError, formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { ACCOUNT_MODES, CONNECTION_AUTHS, CONNECTION_KINDS, DEFAULT_REVIEW_INTERVAL_MONTHS, isTimeOfDay, WEEKDAYS, type AccountMode, type ConnectionAuth, type ConnectionKind, type Weekday } from '../../../shared/connections.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import type { TConnectionCreate, TConnectionDetail, TConnectionUpdate } from '../../../shared/contracts/connections.contract.ts';
import { textOrNull, useAssetList, useLedgerLabels, useSegments } from '../ledger/ledger.ts';
import { usePermissions } from '../session/permissions.ts';
import { connectionFieldErrors, connectionPath, sortWeekdays, useConnectionChanged, useConnectionLabels, useVendorOptions } from './connections.ts';

export interface ConnectionFormValues {
  name: string;
  vendorId: string;
  purpose: string;
  kind: string | null;
  entryAssetId: string;
  targetAssetIds: string[];
  segmentId: string;
  internetFacing: boolean;
  auth: string;
  accountMode: string;
  accounts: string;
  allowedDays: string[];
  allowedFrom: string;
  allowedTo: string;
  logLocation: string;
  credentialsRotatedOn: string;
  reviewIntervalMonths: number | string;
  lastUsedOn: string;
  notes: string;
  /** The request's reason (new requests only). */
  comment: string;
}

function initialValues(c?: TConnectionDetail): ConnectionFormValues {
  return {
    name: c?.name ?? '',
    vendorId: c?.vendorId ?? '',
    purpose: c?.purpose ?? '',
    kind: c?.kind ?? null,
    entryAssetId: c?.entryAsset?.id ?? '',
    targetAssetIds: c?.targets.map((a) => a.id) ?? [],
    // The connection's own segment matters only without an entry device (else the device's segment is shown).
    segmentId: c && !c.entryAsset ? (c.segmentId ?? '') : '',
    internetFacing: c?.internetFacing ?? false,
    auth: c?.auth ?? 'mfa',
    accountMode: c?.accountMode ?? 'named',
    accounts: c?.accounts ?? '',
    allowedDays: c?.allowedDays ?? [],
    allowedFrom: c?.allowedFrom ?? '',
    allowedTo: c?.allowedTo ?? '',
    logLocation: c?.logLocation ?? '',
    credentialsRotatedOn: c?.credentialsRotatedOn ?? '',
    reviewIntervalMonths: c?.reviewIntervalMonths ?? DEFAULT_REVIEW_INTERVAL_MONTHS,
    lastUsedOn: c?.lastUsedOn ?? '',
    notes: c?.notes ?? '',
    comment: '',
  };
}

const pick = <T extends string>(set: readonly T[], v: string | null, fallback: T): T => ((set as readonly string[]).includes(v ?? '') ? (v as T) : fallback);

/**
 * The request body: trimmed, empty text as null. `withAssets` false leaves the entry device, targets and
 * segment out (a vendor user cannot read the asset ledger, so the form cannot show or keep them).
 */
export function connectionBody(v: ConnectionFormValues, withAssets: boolean): TConnectionUpdate & Pick<TConnectionCreate, 'name' | 'kind'> {
  return {
    name: v.name.trim(),
    vendorId: v.vendorId || null,
    purpose: textOrNull(v.purpose),
    kind: pick<ConnectionKind>(CONNECTION_KINDS, v.kind, 'other'),
    ...(withAssets
      ? {
          entryAssetId: v.entryAssetId || null,
          targetAssetIds: v.targetAssetIds.filter((id) => id !== v.entryAssetId),
          segmentId: v.entryAssetId ? null : v.segmentId || null,
        }
      : {}),
    internetFacing: v.internetFacing,
    auth: pick<ConnectionAuth>(CONNECTION_AUTHS, v.auth, 'password'),
    accountMode: pick<AccountMode>(ACCOUNT_MODES, v.accountMode, 'named'),
    accounts: textOrNull(v.accounts),
    allowedDays: sortWeekdays(v.allowedDays.filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d))),
    allowedFrom: textOrNull(v.allowedFrom),
    allowedTo: textOrNull(v.allowedTo),
    logLocation: textOrNull(v.logLocation),
    credentialsRotatedOn: textOrNull(v.credentialsRotatedOn),
    reviewIntervalMonths: Math.min(60, Math.max(1, Math.round(Number(v.reviewIntervalMonths) || DEFAULT_REVIEW_INTERVAL_MONTHS))),
    lastUsedOn: textOrNull(v.lastUsedOn),
    notes: textOrNull(v.notes),
  };
}

const FIELD_ORDER: (keyof ConnectionFormValues)[] = [
  'name', 'vendorId', 'kind', 'purpose', 'entryAssetId', 'targetAssetIds', 'segmentId', 'internetFacing', 'auth', 'accountMode', 'accounts',
  'allowedDays', 'allowedFrom', 'allowedTo', 'logLocation', 'credentialsRotatedOn', 'reviewIntervalMonths', 'lastUsedOn', 'notes', 'comment',
];
const PREFIX = 'connection-field';
const fieldId = (k: string) => `${PREFIX}-${k}`;
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, FIELD_ORDER, errors);

interface AssetOption {
  value: string;
  label: string;
  type: string;
  /** The asset's network segment, when known (shown for the entry device). */
  segmentName?: string | null;
}

/** Assets found by name on the server, plus the ones already chosen (so that their names stay visible). */
function useAssetOptions(facilityId: string, search: string, chosen: Record<string, AssetOption>, enabled: boolean) {
  const [q] = useDebouncedValue(search, 300);
  const found = useAssetList(facilityId, { q: q.trim() || undefined, pageSize: 30, sort: 'name' }, enabled);
  const options = new Map<string, AssetOption>(Object.entries(chosen));
  for (const a of found.data?.items ?? []) options.set(a.id, { value: a.id, label: a.name, type: a.type, segmentName: a.segmentName });
  return { options: [...options.values()], loading: found.isFetching, error: found.error };
}

/** Request (no connection) or edit an external connection. Labels above fields, required marks, errors under each field. */
export function ConnectionFormModal({ facilityId, connection, onClose, onSaved }: { facilityId: string; connection?: TConnectionDetail; onClose: () => void; onSaved?: (c: TConnectionDetail) => void }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const labels = useConnectionLabels();
  const ledgerLabels = useLedgerLabels();
  const changed = useConnectionChanged();
  // A vendor user sees only their own records; the asset ledger is the hospital's.
  const withAssets = perm.readLedger;
  const vendors = useVendorOptions(facilityId);
  const segments = useSegments(facilityId, withAssets);
  const [known, setKnown] = useState<Record<string, AssetOption>>(() => {
    const out: Record<string, AssetOption> = {};
    for (const a of connection?.targets ?? []) out[a.id] = { value: a.id, label: a.name, type: a.type };
    if (connection?.entryAsset) out[connection.entryAsset.id] = { value: connection.entryAsset.id, label: connection.entryAsset.name, type: connection.entryAsset.type, segmentName: connection.segmentName };
    return out;
  });
  const [entrySearch, setEntrySearch] = useState('');
  const [targetSearch, setTargetSearch] = useState('');
  const entry = useAssetOptions(facilityId, entrySearch, known, withAssets);
  const targets = useAssetOptions(facilityId, targetSearch, known, withAssets);
  const remember = (options: AssetOption[], ids: string[]) =>
    setKnown((prev) => {
      const next = { ...prev };
      for (const id of ids) {
        const o = options.find((x) => x.value === id);
        if (o) next[id] = o;
      }
      return next;
    });

  const date = (v: string) => (v && !isIsoDate(v) ? t('connections.issues.invalid_date') : null);
  const time = (v: string) => (v && !isTimeOfDay(v) ? t('connections.issues.invalid_time') : null);
  const vendorOptions = (vendors.data ?? []).map((v) => ({ value: v.id, label: v.name }));
  const form = useForm<ConnectionFormValues>({
    mode: 'controlled',
    initialValues: { ...initialValues(connection), ...(!connection && perm.vendorView && vendorOptions.length === 1 ? { vendorId: vendorOptions[0]!.value } : {}) },
    validate: {
      name: (v) => (!v.trim() ? t('validation.required') : v.trim().length > 200 ? t('validation.maxLength', { max: 200 }) : null),
      vendorId: (v) => (perm.vendorView && !v ? t('connections.issues.vendorRequired') : null),
      kind: (v) => (v ? null : t('validation.required')),
      allowedFrom: (v, values) => time(v) ?? (!v && values.allowedTo ? t('connections.issues.time_range_incomplete') : null),
      allowedTo: (v, values) => time(v) ?? (!v && values.allowedFrom ? t('connections.issues.time_range_incomplete') : null),
      credentialsRotatedOn: date,
      lastUsedOn: date,
      reviewIntervalMonths: (v) => {
        const n = Number(v);
        return v === '' || !Number.isInteger(n) || n < 1 || n > 60 ? t('connections.issues.reviewInterval') : null;
      },
    },
  });

  // A vendor user linked to one vendor files for that vendor: chosen as soon as the list arrives.
  const onlyVendor = !connection && perm.vendorView && vendorOptions.length === 1 ? vendorOptions[0]!.value : null;
  useEffect(() => {
    if (onlyVendor && !form.getValues().vendorId) form.setFieldValue('vendorId', onlyVendor);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the form object is stable
  }, [onlyVendor]);

  const save = useMutation({
    mutationFn: (values: ConnectionFormValues) => {
      const body = connectionBody(values, withAssets);
      return connection
        ? api.patch<TConnectionDetail>(connectionPath.connection(facilityId, connection.id), body)
        : api.post<TConnectionDetail>(connectionPath.connections(facilityId), { ...body, comment: textOrNull(values.comment) });
    },
    onSuccess: (c) => {
      changed(facilityId, c);
      notify(connection ? t('connections.form.updated', { name: c.name }) : t('connections.form.created', { name: c.name }));
      onClose();
      onSaved?.(c);
    },
    onError: (e) => showFieldErrors(form, connectionFieldErrors(e, t, formValues(form)), focusFirst),
  });

  // Vendors cannot be read (e.g. no vendor register yet): the select stays empty, and a saved vendor keeps its name.
  const vendorData = [
    { value: '', label: t('connections.form.noVendor') },
    ...vendorOptions,
    ...(connection?.vendorId && connection.vendorName && !vendorOptions.some((o) => o.value === connection.vendorId) ? [{ value: connection.vendorId, label: connection.vendorName }] : []),
  ].filter((o) => !(perm.vendorView && o.value === ''));
  const segmentOptions = [{ value: '', label: t('connections.form.noSegment') }, ...(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))];
  const values = form.getValues();
  const col = (span: number, node: ReactNode) => <Grid.Col span={{ base: 12, sm: span }}>{node}</Grid.Col>;
  const input = (k: keyof ConnectionFormValues) => ({ id: fieldId(k), ...form.getInputProps(k) });
  const assetOption = ({ option }: { option: { value: string; label: string } }) => (
    <Stack gap={0}>
      <Text size="sm">{option.label}</Text>
      <Text size="xs" c="dimmed">
        {ledgerLabels.type((option as AssetOption).type as Parameters<typeof ledgerLabels.type>[0])}
      </Text>
    </Stack>
  );

  return (
    <FormModal
      title={connection ? t('connections.form.editTitle', { name: connection.name }) : t('connections.form.createTitle')}
      size="xl"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}
      note={connection ? t('common.requiredNote') : `${t('connections.form.createIntro')} ${t('common.requiredNote')}`}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('connections.form.errorSummary')}
      error={save.error}
      submitLabel={connection ? t('connections.form.submitEdit') : t('connections.form.submitCreate')}
      loading={save.isPending}
    >
      <Fieldset legend={t('connections.form.sections.basic')}>
        <Grid gutter="sm">
          {col(12, <TextInput label={t('connections.fields.name')} description={t('connections.help.name')} required data-autofocus maxLength={200} {...input('name')} />)}
          {col(
            6,
            <Select
              label={t('connections.fields.vendor')}
              description={vendors.data === null ? t('connections.help.vendorUnavailable') : perm.vendorView ? t('connections.help.vendorOwn') : t('connections.help.vendor')}
              data={vendorData}
              required={perm.vendorView}
              placeholder={t('common.selectPlaceholder')}
              allowDeselect={false}
              searchable={vendorData.length > 10}
              nothingFoundMessage={t('common.nothingFound')}
              {...input('vendorId')}
            />,
          )}
          {col(6, <Select label={t('connections.fields.kind')} required data={labels.kindOptions} placeholder={t('common.selectPlaceholder')} allowDeselect={false} {...input('kind')} />)}
          {col(12, <Textarea label={t('connections.fields.purpose')} description={t('connections.help.purpose')} autosize minRows={2} maxRows={6} maxLength={1000} {...input('purpose')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('connections.form.sections.route')}>
        <Grid gutter="sm">
          {withAssets ? (
            <>
              {col(
                6,
                <Select
                  label={t('connections.fields.entryAsset')}
                  description={t('connections.help.entryAsset')}
                  placeholder={t('connections.help.assetSearch')}
                  data={entry.options}
                  searchable
                  clearable
                  searchValue={entrySearch}
                  onSearchChange={setEntrySearch}
                  filter={({ options }) => options}
                  nothingFoundMessage={t('common.nothingFound')}
                  renderOption={assetOption}
                  {...input('entryAssetId')}
                  onChange={(v) => {
                    remember(entry.options, v ? [v] : []);
                    form.setFieldValue('entryAssetId', v ?? '');
                  }}
                  clearButtonProps={{ 'aria-label': t('connections.form.clearEntry') }}
                />,
              )}
              {col(
                6,
                values.entryAssetId ? (
                  // With an entry device the line enters the device's segment: shown, not chosen.
                  <TextInput
                    label={t('connections.fields.segment')}
                    description={t('connections.help.segmentFromDevice')}
                    value={known[values.entryAssetId]?.segmentName ?? entry.options.find((o) => o.value === values.entryAssetId)?.segmentName ?? t('connections.form.noSegment')}
                    readOnly
                    variant="filled"
                  />
                ) : (
                  <Select
                    label={t('connections.fields.segment')}
                    description={t('connections.help.segment')}
                    data={segmentOptions}
                    allowDeselect={false}
                    searchable={segmentOptions.length > 10}
                    {...input('segmentId')}
                  />
                ),
              )}
              {col(
                12,
                <MultiSelect
                  label={t('connections.fields.targets')}
                  description={t('connections.help.targets')}
                  placeholder={values.targetAssetIds.length === 0 ? t('connections.help.assetSearch') : undefined}
                  data={targets.options.filter((o) => o.value !== values.entryAssetId)}
                  searchable
                  searchValue={targetSearch}
                  onSearchChange={setTargetSearch}
                  filter={({ options }) => options}
                  nothingFoundMessage={t('common.nothingFound')}
                  renderOption={assetOption}
                  hidePickedOptions
                  maxValues={500}
                  {...input('targetAssetIds')}
                  onChange={(ids) => {
                    remember(targets.options, ids);
                    form.setFieldValue('targetAssetIds', ids);
                  }}
                />,
              )}
            </>
          ) : (
            col(
              12,
              <Text size="sm" c="dimmed">
                {t('connections.help.vendorNoAssets')}
              </Text>,
            )
          )}
          {col(
            12,
            <Switch
              label={t('connections.fields.internetFacing')}
              description={t('connections.help.internetFacing')}
              id={fieldId('internetFacing')}
              {...form.getInputProps('internetFacing', { type: 'checkbox' })}
            />,
          )}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('connections.form.sections.auth')}>
        <Stack gap="md">
          <Radio.Group label={t('connections.fields.auth')} description={t('connections.help.auth')} required {...input('auth')}>
            <Group gap="lg" mt="xs">
              {labels.authOptions.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} />
              ))}
            </Group>
          </Radio.Group>
          <Radio.Group label={t('connections.fields.accountMode')} description={t('connections.help.accountMode')} required {...input('accountMode')}>
            <Group gap="lg" mt="xs">
              {labels.accountModeOptions.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} />
              ))}
            </Group>
          </Radio.Group>
          <Textarea label={t('connections.fields.accounts')} description={t('connections.help.accounts')} autosize minRows={2} maxRows={6} maxLength={1000} {...input('accounts')} />
          <TextInput type="date" label={t('connections.fields.credentialsRotatedOn')} description={t('connections.help.credentialsRotatedOn')} maw={320} {...input('credentialsRotatedOn')} />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('connections.form.sections.rules')}>
        <Grid gutter="sm">
          {col(
            12,
            <div role="group" aria-labelledby="connection-days-label" aria-describedby="connection-days-help" id={fieldId('allowedDays')}>
              <Text size="sm" fw={500} id="connection-days-label">
                {t('connections.fields.allowedDays')}
              </Text>
              <Text size="xs" c="dimmed" id="connection-days-help" mb={6}>
                {t('connections.help.allowedDays')}
              </Text>
              <Chip.Group multiple value={values.allowedDays} onChange={(v) => form.setFieldValue('allowedDays', v)}>
                <Group gap={6}>
                  {WEEKDAYS.map((d) => (
                    <Chip key={d} value={d} size="sm" variant="outline">
                      {labels.weekday(d)}
                    </Chip>
                  ))}
                </Group>
              </Chip.Group>
            </div>,
          )}
          {col(
            12,
            <Text size="sm" fw={500} mt="xs">
              {t('connections.fields.allowedHours')}
              <Text span size="xs" c="dimmed" fw={400} display="block">
                {t('connections.help.allowedHours')}
              </Text>
            </Text>,
          )}
          {col(4, <TextInput type="time" label={t('connections.fields.allowedFrom')} {...input('allowedFrom')} />)}
          {col(4, <TextInput type="time" label={t('connections.fields.allowedTo')} {...input('allowedTo')} />)}
          {col(12, <TextInput label={t('connections.fields.logLocation')} description={t('connections.help.logLocation')} maxLength={500} {...input('logLocation')} />)}
          {col(6, <TextInput type="date" label={t('connections.fields.lastUsedOn')} description={t('connections.help.lastUsedOn')} {...input('lastUsedOn')} />)}
          {col(
            6,
            <NumberInput label={t('connections.fields.reviewIntervalMonths')} description={t('connections.help.reviewIntervalMonths')} min={1} max={60} allowDecimal={false} allowNegative={false} required {...input('reviewIntervalMonths')} />,
          )}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('connections.form.sections.other')}>
        <Stack gap="sm">
          <Textarea label={t('connections.fields.notes')} autosize minRows={2} maxRows={8} maxLength={4000} {...input('notes')} />
          {!connection ? <Textarea label={t('connections.fields.comment')} description={t('connections.help.comment')} autosize minRows={2} maxRows={6} maxLength={2000} {...input('comment')} /> : null}
        </Stack>
      </Fieldset>

      {entry.error || targets.error ? <ErrorAlert error={entry.error ?? targets.error} /> : null}
    </FormModal>
  );
}
