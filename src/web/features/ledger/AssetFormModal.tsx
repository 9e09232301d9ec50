import type { ReactNode } from 'react';
import { Checkbox, Fieldset, Grid, Group, Radio, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { focusFirstError, formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { ASSET_TYPES, EXPOSURES, isCpe23, isIp, isIsoDate, isMac, type AssetType, type Exposure } from '../../../shared/ledger.ts';
import { ZHostname, type TAssetCreate, type TAssetDetail } from '../../../shared/contracts/ledger.contract.ts';
import { useVendorOptions } from '../vendors/vendors.ts';
import { ledgerFieldErrors, ledgerPath, textOrNull, useLedgerChanged, useLedgerLabels, useSegments } from './ledger.ts';

export interface AssetFormValues {
  name: string;
  assetTag: string;
  type: string | null;
  vendor: string;
  product: string;
  version: string;
  cpe: string;
  os: string;
  ips: string[];
  macs: string[];
  hostname: string;
  segmentId: string;
  location: string;
  department: string;
  maintainer: string;
  vendorId: string;
  criticality: string;
  holdsPatientData: boolean;
  exposure: string;
  installDate: string;
  endOfSupport: string;
  lastPatched: string;
  tags: string[];
  notes: string;
}

function initialValues(a?: TAssetDetail): AssetFormValues {
  return {
    name: a?.name ?? '',
    assetTag: a?.assetTag ?? '',
    type: a?.type ?? null,
    vendor: a?.vendor ?? '',
    product: a?.product ?? '',
    version: a?.version ?? '',
    cpe: a?.cpe ?? '',
    os: a?.os ?? '',
    ips: a?.ips ?? [],
    macs: a?.macs ?? [],
    hostname: a?.hostname ?? '',
    segmentId: a?.segmentId ?? '',
    location: a?.location ?? '',
    department: a?.department ?? '',
    maintainer: a?.maintainer ?? '',
    vendorId: a?.vendorId ?? '',
    criticality: a ? String(a.criticality) : '',
    holdsPatientData: a?.holdsPatientData ?? false,
    exposure: a?.exposure ?? 'internal',
    installDate: a?.installDate ?? '',
    endOfSupport: a?.endOfSupport ?? '',
    lastPatched: a?.lastPatched ?? '',
    tags: a?.tags ?? [],
    notes: a?.notes ?? '',
  };
}

/** The request body: trimmed, empty text as null (the API clears a field on null). */
export function assetBody(v: AssetFormValues): TAssetCreate {
  return {
    name: v.name.trim(),
    assetTag: textOrNull(v.assetTag),
    type: (ASSET_TYPES as readonly string[]).includes(v.type ?? '') ? (v.type as AssetType) : 'server',
    vendor: textOrNull(v.vendor),
    product: textOrNull(v.product),
    version: textOrNull(v.version),
    cpe: textOrNull(v.cpe),
    os: textOrNull(v.os),
    ips: v.ips.map((s) => s.trim()).filter(Boolean),
    macs: v.macs.map((s) => s.trim()).filter(Boolean),
    hostname: textOrNull(v.hostname),
    segmentId: v.segmentId || null,
    location: textOrNull(v.location),
    department: textOrNull(v.department),
    maintainer: textOrNull(v.maintainer),
    vendorId: v.vendorId || null,
    criticality: Number(v.criticality) || 4,
    holdsPatientData: v.holdsPatientData,
    exposure: (EXPOSURES as readonly string[]).includes(v.exposure) ? (v.exposure as Exposure) : 'internal',
    installDate: textOrNull(v.installDate),
    endOfSupport: textOrNull(v.endOfSupport),
    lastPatched: textOrNull(v.lastPatched),
    tags: v.tags.map((s) => s.trim()).filter(Boolean),
    notes: textOrNull(v.notes),
  };
}

const FIELD_ORDER: (keyof AssetFormValues)[] = ['name', 'assetTag', 'type', 'vendor', 'product', 'version', 'os', 'cpe', 'segmentId', 'ips', 'macs', 'hostname', 'exposure', 'location', 'department', 'vendorId', 'maintainer', 'criticality', 'holdsPatientData', 'installDate', 'endOfSupport', 'lastPatched', 'tags', 'notes'];
const PREFIX = 'asset-field';
const fieldId = (k: string) => `${PREFIX}-${k}`;
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, FIELD_ORDER, errors);

/** Create (no asset) or edit an asset. Labels above fields, required marks, errors under each field. */
export function AssetFormModal({ facilityId, asset, onClose, onSaved }: { facilityId: string; asset?: TAssetDetail; onClose: () => void; onSaved?: (a: TAssetDetail) => void }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const segments = useSegments(facilityId);
  const vendors = useVendorOptions(facilityId);
  const changed = useLedgerChanged();
  const item = (value: string, message: string) => t('ledger.issues.item', { value, message });
  const each = (check: (s: string) => boolean, key: 'invalid_ip' | 'invalid_mac') => (list: string[]) => {
    const bad = list.filter((s) => !check(s.trim()));
    return bad.length > 0 ? bad.map((b) => item(b, t(`ledger.issues.${key}`))).join(' ') : null;
  };
  const date = (v: string) => (v && !isIsoDate(v) ? t('ledger.issues.invalid_date') : null);
  const form = useForm<AssetFormValues>({
    mode: 'controlled',
    initialValues: initialValues(asset),
    validate: {
      name: (v) => (!v.trim() ? t('validation.required') : v.trim().length > 200 ? t('validation.maxLength', { max: 200 }) : null),
      assetTag: (v) => (v.trim().length > 64 ? t('validation.maxLength', { max: 64 }) : null),
      type: (v) => (v ? null : t('validation.required')),
      cpe: (v) => (v.trim() && !isCpe23(v.trim()) ? t('ledger.issues.invalid_cpe') : null),
      hostname: (v) => (v.trim() && !ZHostname.safeParse(v).success ? t('ledger.issues.invalid_hostname') : null),
      ips: each(isIp, 'invalid_ip'),
      macs: each(isMac, 'invalid_mac'),
      criticality: (v) => (v ? null : t('ledger.issues.criticality')),
      installDate: date,
      endOfSupport: date,
      lastPatched: date,
    },
  });

  const save = useMutation({
    mutationFn: (values: AssetFormValues) => {
      const body = assetBody(values);
      return asset ? api.patch<TAssetDetail>(ledgerPath.asset(facilityId, asset.id), body) : api.post<TAssetDetail>(ledgerPath.assets(facilityId), body);
    },
    onSuccess: (a) => {
      changed(facilityId, a);
      notify(asset ? t('ledger.assets.updated', { name: a.name }) : t('ledger.assets.created', { name: a.name }));
      onClose();
      onSaved?.(a);
    },
    onError: (e) => showFieldErrors(form, ledgerFieldErrors(e, t, formValues(form)), focusFirst),
  });

  // The asset's vendor stays selectable even when the vendor list could not be loaded.
  const vendorOptions = [
    { value: '', label: t('vendors.asset.noVendor') },
    ...vendors.options,
    ...(asset?.vendorId && asset.vendorName && !vendors.options.some((o) => o.value === asset.vendorId) ? [{ value: asset.vendorId, label: asset.vendorName }] : []),
  ];
  const segmentOptions = [{ value: '', label: t('ledger.form.noSegment') }, ...(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))];
  const col = (span: number, node: ReactNode) => <Grid.Col span={{ base: 12, sm: span }}>{node}</Grid.Col>;
  const input = (k: keyof AssetFormValues) => ({ id: fieldId(k), ...form.getInputProps(k) });

  return (
    <FormModal
      title={asset ? t('ledger.form.editTitle', { name: asset.name }) : t('ledger.form.createTitle')}
      size="xl"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((values) => save.mutate(values), focusFirst)}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('ledger.form.errorSummary')}
      error={save.error}
      submitLabel={asset ? t('ledger.form.submitEdit') : t('ledger.form.submitCreate')}
      loading={save.isPending}
    >
      <Fieldset legend={t('ledger.sections.basic')}>
        <Grid gutter="sm">
          {col(12, <TextInput label={t('ledger.fields.name')} required data-autofocus maxLength={200} {...input('name')} />)}
          {col(6, <TextInput label={t('ledger.fields.assetTag')} description={t('ledger.help.assetTag')} maxLength={64} classNames={{ input: 'mono' }} {...input('assetTag')} />)}
          {col(6, <Select label={t('ledger.fields.type')} required data={labels.typeOptions} placeholder={t('common.selectPlaceholder')} allowDeselect={false} searchable {...input('type')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('ledger.sections.product')}>
        <Grid gutter="sm">
          {col(6, <TextInput label={t('ledger.fields.vendor')} maxLength={200} {...input('vendor')} />)}
          {col(6, <TextInput label={t('ledger.fields.product')} maxLength={200} {...input('product')} />)}
          {col(6, <TextInput label={t('ledger.fields.version')} description={t('ledger.help.version')} maxLength={100} {...input('version')} />)}
          {col(6, <TextInput label={t('ledger.fields.os')} maxLength={200} {...input('os')} />)}
          {col(12, <TextInput label={t('ledger.fields.cpe')} description={t('ledger.help.cpe')} maxLength={512} classNames={{ input: 'mono' }} spellCheck={false} autoCapitalize="off" {...input('cpe')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('ledger.sections.network')}>
        <Grid gutter="sm">
          {col(
            6,
            <Select
              label={t('ledger.fields.segment')}
              description={segmentOptions.length <= 1 ? t('ledger.help.segment') : undefined}
              data={segmentOptions}
              allowDeselect={false}
              searchable={segmentOptions.length > 10}
              {...input('segmentId')}
            />,
          )}
          {col(6, <TextInput label={t('ledger.fields.hostname')} maxLength={253} classNames={{ input: 'mono' }} spellCheck={false} autoCapitalize="off" {...input('hostname')} />)}
          {col(6, <TagsInput label={t('ledger.fields.ips')} description={t('ledger.help.multi')} splitChars={[',', ' ', ';']} clearable={false} classNames={{ input: 'mono' }} {...input('ips')} />)}
          {col(6, <TagsInput label={t('ledger.fields.macs')} description={t('ledger.help.multi')} splitChars={[',', ' ', ';']} classNames={{ input: 'mono' }} {...input('macs')} />)}
          {col(
            12,
            <Radio.Group label={t('ledger.fields.exposure')} description={t('ledger.help.exposure')} {...input('exposure')}>
              <Group gap="lg" mt="xs">
                {labels.exposureOptions.map((o) => (
                  <Radio key={o.value} value={o.value} label={o.label} />
                ))}
              </Group>
            </Radio.Group>,
          )}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('ledger.sections.location')}>
        <Grid gutter="sm">
          {col(8, <TextInput label={t('ledger.fields.location')} description={t('ledger.help.location')} maxLength={200} {...input('location')} />)}
          {col(4, <TextInput label={t('ledger.fields.department')} maxLength={200} {...input('department')} />)}
          {col(
            6,
            <Select
              label={t('vendors.asset.vendor')}
              description={t('vendors.asset.vendorHelp')}
              data={vendorOptions}
              allowDeselect={false}
              searchable={vendorOptions.length > 10}
              {...input('vendorId')}
              onChange={(value) => {
                form.setFieldValue('vendorId', value ?? '');
                // The free-text maintainer follows the chosen vendor when it was empty.
                const name = vendorOptions.find((o) => o.value === value)?.label;
                if (value && name && !form.getValues().maintainer.trim()) form.setFieldValue('maintainer', name);
              }}
            />,
          )}
          {col(6, <TextInput label={t('ledger.fields.maintainer')} description={t('ledger.help.maintainer')} maxLength={200} {...input('maintainer')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('ledger.sections.criticality')}>
        <Stack gap="md">
          <Radio.Group label={t('ledger.fields.criticality')} description={t('ledger.criticality.help')} required {...input('criticality')}>
            <Stack gap="xs" mt="xs">
              {labels.criticalityOptions.map((o) => (
                <Radio key={o.value} value={o.value} label={o.label} />
              ))}
            </Stack>
          </Radio.Group>
          <Checkbox label={t('ledger.fields.holdsPatientData')} description={t('ledger.help.holdsPatientData')} id={fieldId('holdsPatientData')} {...form.getInputProps('holdsPatientData', { type: 'checkbox' })} />
        </Stack>
      </Fieldset>

      <Fieldset legend={t('ledger.sections.support')}>
        <Grid gutter="sm">
          {col(4, <TextInput type="date" label={t('ledger.fields.installDate')} description={t('ledger.help.date')} {...input('installDate')} />)}
          {col(4, <TextInput type="date" label={t('ledger.fields.endOfSupport')} description={t('ledger.help.date')} {...input('endOfSupport')} />)}
          {col(4, <TextInput type="date" label={t('ledger.fields.lastPatched')} description={t('ledger.help.date')} {...input('lastPatched')} />)}
        </Grid>
      </Fieldset>

      <Fieldset legend={t('ledger.sections.other')}>
        <Stack gap="sm">
          <TagsInput label={t('ledger.fields.tags')} description={t('ledger.help.tags')} maxTags={50} {...input('tags')} />
          <Textarea label={t('ledger.fields.notes')} autosize minRows={2} maxRows={8} maxLength={4000} {...input('notes')} />
        </Stack>
      </Fieldset>
    </FormModal>
  );
}
