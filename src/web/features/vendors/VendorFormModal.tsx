import type { ReactNode } from 'react';
import { Grid, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { focusFirstError, formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { isCorporateNumber } from '../../../shared/vendors.ts';
import type { TVendorCreate, TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { textOrNull } from '../ledger/ledger.ts';
import { vendorChecks, vendorFieldErrors, vendorPath, useVendorsChanged } from './vendors.ts';

interface VendorFormValues {
  name: string;
  nameKana: string;
  corporateNumber: string;
  address: string;
  phone: string;
  email: string;
  website: string;
  notes: string;
}
const ORDER: (keyof VendorFormValues)[] = ['name', 'nameKana', 'corporateNumber', 'phone', 'email', 'website', 'address', 'notes'];
const PREFIX = 'vendor-field';
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, ORDER, errors);

function initialValues(v?: TVendorDetail): VendorFormValues {
  return {
    name: v?.name ?? '',
    nameKana: v?.nameKana ?? '',
    corporateNumber: v?.corporateNumber ?? '',
    address: v?.address ?? '',
    phone: v?.phone ?? '',
    email: v?.email ?? '',
    website: v?.website ?? '',
    notes: v?.notes ?? '',
  };
}

function body(v: VendorFormValues): TVendorCreate {
  return {
    name: v.name.trim(),
    nameKana: textOrNull(v.nameKana),
    // Full-width digits and separators typed from a Japanese keyboard.
    corporateNumber: textOrNull(v.corporateNumber.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s-]/g, '')),
    address: textOrNull(v.address),
    phone: textOrNull(v.phone),
    email: textOrNull(v.email),
    website: textOrNull(v.website),
    notes: textOrNull(v.notes),
  };
}

/** Create (no vendor) or edit a vendor's details. */
export function VendorFormModal({ facilityId, vendor, onClose, onSaved }: { facilityId: string; vendor?: TVendorDetail; onClose: () => void; onSaved?: (v: TVendorDetail) => void }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const max = (n: number) => (v: string) => (v.trim().length > n ? t('validation.maxLength', { max: n }) : null);
  const form = useForm<VendorFormValues>({
    mode: 'controlled',
    initialValues: initialValues(vendor),
    validate: {
      name: (v) => (!v.trim() ? t('validation.required') : max(200)(v)),
      nameKana: max(200),
      corporateNumber: (v) => {
        const n = body({ ...initialValues(), corporateNumber: v }).corporateNumber;
        return n && !isCorporateNumber(n) ? t('vendors.issues.invalid_corporate_number') : null;
      },
      phone: (v) => (vendorChecks.phone(v) ? null : t('vendors.issues.invalid_phone')),
      email: (v) => (vendorChecks.email(v) ? null : t('vendors.issues.invalid_email')),
      website: (v) => (vendorChecks.url(v) ? null : t('vendors.issues.invalid_url')),
      address: max(500),
      notes: max(4000),
    },
  });

  const save = useMutation({
    mutationFn: (values: VendorFormValues) =>
      vendor ? api.patch<TVendorDetail>(vendorPath.vendor(facilityId, vendor.id), body(values)) : api.post<TVendorDetail>(vendorPath.vendors(facilityId), body(values)),
    onSuccess: (v) => {
      changed(facilityId, v);
      notify(vendor ? t('vendors.updated', { name: v.name }) : t('vendors.created', { name: v.name }));
      onClose();
      onSaved?.(v);
    },
    onError: (e) => showFieldErrors(form, vendorFieldErrors(e, t, formValues(form)), focusFirst),
  });

  const col = (span: number, node: ReactNode) => <Grid.Col span={{ base: 12, sm: span }}>{node}</Grid.Col>;
  const input = (k: keyof VendorFormValues) => ({ id: `${PREFIX}-${k}`, ...form.getInputProps(k) });

  return (
    <FormModal
      title={vendor ? t('vendors.form.editTitle', { name: vendor.name }) : t('vendors.form.createTitle')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((values) => save.mutate(values), focusFirst)}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('vendors.form.errorSummary')}
      error={save.error}
      submitLabel={vendor ? t('vendors.form.submitEdit') : t('vendors.form.submitCreate')}
      loading={save.isPending}
    >
      <Grid gutter="sm">
        {col(12, <TextInput label={t('vendors.fields.name')} required data-autofocus maxLength={200} {...input('name')} />)}
        {col(6, <TextInput label={t('vendors.fields.nameKana')} description={t('vendors.help.nameKana')} maxLength={200} {...input('nameKana')} />)}
        {col(6, <TextInput label={t('vendors.fields.corporateNumber')} description={t('vendors.help.corporateNumber')} maxLength={20} inputMode="numeric" classNames={{ input: 'mono' }} {...input('corporateNumber')} />)}
        {col(6, <TextInput label={t('vendors.fields.phone')} description={t('vendors.help.phone')} type="tel" maxLength={40} {...input('phone')} />)}
        {col(6, <TextInput label={t('vendors.fields.email')} type="email" maxLength={254} {...input('email')} />)}
        {col(12, <TextInput label={t('vendors.fields.website')} description={t('vendors.help.website')} type="url" maxLength={500} {...input('website')} />)}
        {col(12, <TextInput label={t('vendors.fields.address')} maxLength={500} {...input('address')} />)}
        {col(12, <Textarea label={t('vendors.fields.notes')} autosize minRows={2} maxRows={8} maxLength={4000} {...input('notes')} />)}
      </Grid>
    </FormModal>
  );
}
