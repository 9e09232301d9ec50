import { useState, type FormEvent } from 'react';
import { Alert, Grid, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { useLocale } from '../../lib/format.ts';
import { CONTACT_SIDES, type ContactKind, type ContactSide } from '../../../shared/incidents/contacts.ts';
import type { ContactEntryDto, ContactEntryInput } from '../../../shared/contracts/contacts.contract.ts';
import { useOwnerOptions } from '../actions/actions.ts';
import { usePermissions } from '../session/permissions.ts';
import { useVendor, useVendorOptions } from '../vendors/vendors.ts';
import {
  contactDraftErrors,
  contactPath,
  draftFromEntry,
  draftToInput,
  emptyDraft,
  entryName,
  issueDraftField,
  kindLabel,
  kindsForSide,
  useContactsChanged,
  type ContactDraft,
  type ContactDraftField,
} from './contacts.ts';

type Errors = Partial<Record<ContactDraftField, string>>;
const ERROR_KEYS = ['roleLabel', 'phone', 'email', 'kind', 'user', 'vendor', 'vendorContact', 'deputyFor', 'tooLong', 'invalid', 'phone_or_email_required'] as const;
type ErrorKey = (typeof ERROR_KEYS)[number];
/** The message shown for a field when the server's issue key is not one the form knows. */
const FIELD_ERROR: Partial<Record<ContactDraftField, ErrorKey>> = {
  roleLabel: 'roleLabel',
  phone: 'phone',
  phoneAlt: 'phone',
  email: 'email',
  kind: 'kind',
  userId: 'user',
  vendorId: 'vendor',
  vendorContactId: 'vendorContact',
  deputyForId: 'deputyFor',
};
const FIELD_IDS: Partial<Record<ContactDraftField, string>> = { roleLabel: 'contact-role', phone: 'contact-phone', phoneAlt: 'contact-phone-alt', email: 'contact-email' };

/**
 * Adds a contact (without `entry`; `initial` prefills, e.g. from a vendor suggestion) or edits one: side (new entries
 * only), kind of that side, role, name, organisation, the mamori user (inside) or the ledger vendor and its contact
 * (outside; choosing the contact fills in phone and email), phones, email, availability, the person this one deputises
 * for (inside), notes. The server's issues land on their fields.
 */
export function ContactFormModal({
  facilityId,
  entry,
  initial,
  internalEntries,
  onClose,
}: {
  facilityId: string;
  entry?: ContactEntryDto;
  initial?: Partial<ContactDraft>;
  /** The internal entries (for the deputy select). */
  internalEntries: readonly ContactEntryDto[];
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const perm = usePermissions();
  const changed = useContactsChanged();
  const [d, setD] = useState<ContactDraft>(() => (entry ? draftFromEntry(entry) : { ...emptyDraft(initial?.side), ...initial }));
  const [errors, setErrors] = useState<Errors>({});
  const set = <K extends ContactDraftField>(k: K, v: ContactDraft[K]) => setD((p) => ({ ...p, [k]: v }));

  const internal = d.side === 'internal';
  const vendorKind = !internal && d.kind === 'vendor';
  const users = useOwnerOptions(internal ? facilityId : null, entry?.user ? [entry.user] : []);
  const canReadVendors = perm.isAdmin || perm.can('ledger.read', facilityId);
  const vendors = useVendorOptions(facilityId, vendorKind && canReadVendors);
  const vendorOptions = withKnown(vendors.options, entry?.vendor ? { value: entry.vendor.id, label: entry.vendor.name } : null);
  const vendor = useVendor(vendorKind && canReadVendors && d.vendorId ? facilityId : null, d.vendorId || null);
  const vendorContacts = vendor.data?.contacts ?? [];

  // Choosing a vendor picks its 24-hour contact once the vendor's details have loaded (adjusted during render).
  const [autoPickFor, setAutoPickFor] = useState<string | null>(null);
  const chooseVendor = (id: string) => {
    setAutoPickFor(id);
    setD((p) => ({ ...p, vendorId: id, vendorContactId: '', organization: p.organization || (vendors.options.find((o) => o.value === id)?.label ?? '') }));
  };
  const chooseVendorContact = (id: string, contacts = vendorContacts) => {
    const c = contacts.find((x) => x.id === id);
    const around = t('incidents.contacts.form.fields.available24h');
    setD((p) => ({ ...p, vendorContactId: id, name: c ? c.name : p.name, phone: c?.phone ?? p.phone, email: c?.email ?? p.email, availability: c?.emergency24h && !p.availability ? around : p.availability }));
  };
  if (autoPickFor !== null && vendor.data && vendor.data.id === autoPickFor) {
    setAutoPickFor(null);
    const c24 = vendor.data.contacts.find((c) => c.emergency24h);
    if (c24 && d.vendorId === autoPickFor) chooseVendorContact(c24.id, vendor.data.contacts);
  }

  const save = useMutation({
    mutationFn: () => {
      const body = draftToInput(d);
      if (entry) return api.patch<ContactEntryDto>(contactPath.entry(entry.id), { ...body, expectedUpdatedAt: entry.updatedAt });
      const create: ContactEntryInput = { ...body, side: d.side };
      return api.post<ContactEntryDto>(contactPath.entries(facilityId), create);
    },
    onSuccess: (e) => {
      changed();
      notify(entry ? t('incidents.contacts.form.updated', { name: entryName(e) }) : t('incidents.contacts.form.created', { name: entryName(e) }));
      onClose();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: Errors = {};
      for (const i of e.issues) {
        const f = issueDraftField(i.path);
        if (!f || next[f]) continue;
        const key: ErrorKey = (ERROR_KEYS as readonly string[]).includes(i.message) ? (i.message as ErrorKey) : (FIELD_ERROR[f] ?? 'invalid');
        next[f] = t(`incidents.contacts.form.errors.${key}`);
      }
      setErrors(next);
    },
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const found = contactDraftErrors(d);
    const next: Errors = {};
    for (const [f, key] of Object.entries(found) as [ContactDraftField, ErrorKey][]) next[f] = t(`incidents.contacts.form.errors.${key}`);
    setErrors(next);
    const first = (Object.keys(next) as ContactDraftField[]).map((f) => FIELD_IDS[f]).find(Boolean);
    if (Object.keys(next).length > 0) {
      if (first) document.getElementById(first)?.focus();
      return;
    }
    save.mutate();
  };

  const setSide = (side: ContactSide) => setD((p) => ({ ...p, side, kind: (kindsForSide(side) as readonly string[]).includes(p.kind) ? p.kind : (kindsForSide(side)[0] as ContactKind) }));
  const deputyOptions = internalEntries.filter((x) => x.id !== entry?.id && !x.deputyForId).map((x) => ({ value: x.id, label: t('incidents.contacts.who', { name: entryName(x), role: x.roleLabel }) }));
  const conflict = isApiError(save.error) && save.error.code === 'CONFLICT';

  return (
    <FormModal
      title={entry ? t('incidents.contacts.form.editTitle') : t('incidents.contacts.form.createTitle')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('incidents.contacts.form.errors.summary')}
      error={conflict ? null : save.error}
      submitLabel={entry ? t('common.save') : t('incidents.contacts.form.create')}
      loading={save.isPending}
    >
      {entry ? null : (
        <Stack gap={4}>
          <Text size="sm" fw={500} id="contact-side-label">
            {t('incidents.contacts.form.fields.side')}
          </Text>
          <SegmentedControl
            aria-labelledby="contact-side-label"
            data={CONTACT_SIDES.map((s) => ({ value: s, label: t(`incidents.contacts.sides.${s}`) }))}
            value={d.side}
            onChange={(v) => setSide(v as ContactSide)}
          />
        </Stack>
      )}
      <Select
        label={t('incidents.contacts.form.fields.kind')}
        data={kindsForSide(d.side).map((k) => ({ value: k, label: kindLabel(k, locale) }))}
        value={d.kind}
        onChange={(v) => v && set('kind', v as ContactKind)}
        allowDeselect={false}
        error={errors.kind}
        required
      />
      <TextInput
        id="contact-role"
        label={t('incidents.contacts.form.fields.roleLabel')}
        description={t('incidents.contacts.form.fields.roleLabelHelp')}
        required
        value={d.roleLabel}
        placeholder={kindLabel(d.kind, locale)}
        onChange={(e) => set('roleLabel', e.currentTarget.value)}
        error={errors.roleLabel}
        maxLength={200}
        data-autofocus
      />
      {vendorKind && canReadVendors ? (
        <Grid gutter="sm">
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={t('incidents.contacts.form.fields.vendor')}
              placeholder={t('incidents.contacts.form.fields.noVendor')}
              data={vendorOptions}
              value={d.vendorId || null}
              onChange={(v) => (v ? chooseVendor(v) : setD((p) => ({ ...p, vendorId: '', vendorContactId: '' })))}
              clearable
              searchable={vendorOptions.length > 8}
              nothingFoundMessage={t('common.nothingFound')}
              error={errors.vendorId}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <Select
              label={t('incidents.contacts.form.fields.vendorContact')}
              description={t('incidents.contacts.form.fields.vendorContactHelp')}
              placeholder={t('incidents.contacts.form.fields.noVendorContact')}
              data={vendorContacts.map((c) => ({ value: c.id, label: c.emergency24h ? t('incidents.contacts.form.fields.emergency24h', { name: c.name }) : c.name }))}
              value={d.vendorContactId || null}
              onChange={(v) => (v ? chooseVendorContact(v) : set('vendorContactId', ''))}
              clearable
              disabled={!d.vendorId}
              error={errors.vendorContactId}
            />
          </Grid.Col>
        </Grid>
      ) : null}
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('incidents.contacts.form.fields.name')} value={d.name} onChange={(e) => set('name', e.currentTarget.value)} error={errors.name} maxLength={200} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('incidents.contacts.form.fields.organization')} value={d.organization} onChange={(e) => set('organization', e.currentTarget.value)} error={errors.organization} maxLength={200} />
        </Grid.Col>
      </Grid>
      {internal ? (
        <Select
          label={t('incidents.contacts.form.fields.user')}
          description={t('incidents.contacts.form.fields.userHelp')}
          placeholder={t('incidents.contacts.form.fields.noUser')}
          data={users}
          value={d.userId || null}
          onChange={(v) => set('userId', v ?? '')}
          clearable
          searchable={users.length > 8}
          nothingFoundMessage={t('common.nothingFound')}
          error={errors.userId}
        />
      ) : null}
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput id="contact-phone" type="tel" inputMode="tel" autoComplete="off" label={t('incidents.contacts.form.fields.phone')} value={d.phone} onChange={(e) => set('phone', e.currentTarget.value)} error={errors.phone} maxLength={40} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput id="contact-phone-alt" type="tel" inputMode="tel" autoComplete="off" label={t('incidents.contacts.form.fields.phoneAlt')} value={d.phoneAlt} onChange={(e) => set('phoneAlt', e.currentTarget.value)} error={errors.phoneAlt} maxLength={40} />
        </Grid.Col>
      </Grid>
      <TextInput id="contact-email" type="email" autoComplete="off" label={t('incidents.contacts.form.fields.email')} value={d.email} onChange={(e) => set('email', e.currentTarget.value)} error={errors.email} maxLength={254} />
      <TextInput
        label={t('incidents.contacts.form.fields.availability')}
        placeholder={t('incidents.contacts.form.fields.availabilityPlaceholder')}
        value={d.availability}
        onChange={(e) => set('availability', e.currentTarget.value)}
        error={errors.availability}
        maxLength={200}
      />
      {internal ? (
        <Select
          label={t('incidents.contacts.form.fields.deputyFor')}
          description={t('incidents.contacts.form.fields.deputyForHelp')}
          placeholder={t('incidents.contacts.form.fields.noDeputy')}
          data={deputyOptions}
          value={d.deputyForId || null}
          onChange={(v) => set('deputyForId', v ?? '')}
          clearable
          error={errors.deputyForId}
        />
      ) : null}
      <Textarea label={t('incidents.contacts.form.fields.notes')} autosize minRows={2} maxRows={8} value={d.notes} onChange={(e) => set('notes', e.currentTarget.value)} error={errors.notes} maxLength={2000} />
      {conflict ? (
        <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />}>
          {t('incidents.contacts.form.conflict')}
        </Alert>
      ) : null}
    </FormModal>
  );
}

/** Options plus the current value when the list does not hold it (e.g. not loaded, or no permission to list). */
function withKnown(options: { value: string; label: string }[], known: { value: string; label: string } | null) {
  return known && !options.some((o) => o.value === known.value) ? [known, ...options] : options;
}
