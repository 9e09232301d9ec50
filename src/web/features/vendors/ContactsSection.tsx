import { useState } from 'react';
import { Alert, Anchor, Checkbox, Grid, Group, Paper, Stack, Text, Textarea, TextInput, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconClock24, IconMail, IconPhone } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { focusFirstError, formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import type { TVendorContact, TVendorContactCreate, TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { textOrNull } from '../ledger/ledger.ts';
import { ItemActions, SectionButton, VendorSection } from './VendorSection.tsx';
import { telHref, vendorChecks, vendorFieldErrors, vendorPath, useVendorsChanged } from './vendors.ts';

function ContactCard({ c, canWrite, onEdit, onDelete }: { c: TVendorContact; canWrite: boolean; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const emergency = c.emergency24h;
  return (
    <Paper
      component="li"
      withBorder
      radius="md"
      p="sm"
      style={emergency ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2, background: 'var(--mantine-color-red-0)' } : undefined}
    >
      <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
        <Group align="flex-start" gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
          {emergency ? (
            <ThemeIcon color="red" variant="filled" radius="xl" size="lg" aria-hidden>
              <IconClock24 size={20} />
            </ThemeIcon>
          ) : null}
          <Stack gap={2} style={{ minWidth: 0 }}>
            {emergency ? (
              <Text size="xs" fw={700} c="red.9">
                {t('vendors.contacts.emergencyTitle')}
              </Text>
            ) : null}
            <Text fw={700} size={emergency ? 'lg' : 'sm'} style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Text>
            {c.role ? (
              <Text size="sm" c="dimmed">
                {c.role}
              </Text>
            ) : null}
            {c.phone ? (
              <Anchor href={telHref(c.phone)} size={emergency ? 'xl' : 'sm'} fw={emergency ? 700 : undefined} className="mono" display="inline-flex" style={{ alignItems: 'center', gap: 6 }} aria-label={t('vendors.contacts.call', { name: c.name, phone: c.phone })}>
                <IconPhone size={emergency ? 20 : 14} aria-hidden />
                {c.phone}
              </Anchor>
            ) : null}
            {c.email ? (
              <Anchor href={`mailto:${c.email}`} size="sm" display="inline-flex" style={{ alignItems: 'center', gap: 6, overflowWrap: 'anywhere' }}>
                <IconMail size={14} aria-hidden />
                {c.email}
              </Anchor>
            ) : null}
            {c.notes ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {c.notes}
              </Text>
            ) : null}
          </Stack>
        </Group>
        {canWrite ? <ItemActions editLabel={t('vendors.contacts.editLabel', { name: c.name })} deleteLabel={t('vendors.contacts.deleteLabel', { name: c.name })} onEdit={onEdit} onDelete={onDelete} /> : null}
      </Group>
    </Paper>
  );
}

/** Contacts: the 24-hour emergency contacts first and prominent, then the others; add, edit, delete for writers. */
export function ContactsSection({ facilityId, vendor, canWrite }: { facilityId: string; vendor: TVendorDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const [editing, setEditing] = useState<TVendorContact | 'new' | null>(null);
  const del = useConfirmDelete(
    (c: TVendorContact) => api.del<Ok>(vendorPath.contact(facilityId, vendor.id, c.id)),
    (c) => {
      changed(facilityId);
      notify(t('vendors.contacts.deleted', { name: c.name }));
    },
  );
  const contacts = [...vendor.contacts].sort((a, b) => Number(b.emergency24h) - Number(a.emergency24h));
  const hasEmergency = contacts.some((c) => c.emergency24h);

  return (
    <VendorSection
      id="vendor-contacts"
      title={t('vendors.sections.contacts')}
      actions={canWrite ? <SectionButton onClick={() => setEditing('new')}>{t('vendors.contacts.add')}</SectionButton> : null}
    >
      <Stack gap="sm">
        {!hasEmergency ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('vendors.flags.no_emergency_contact')}>
            {t('vendors.contacts.noEmergency')}
          </Alert>
        ) : null}
        {contacts.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('vendors.contacts.none')}
          </Text>
        ) : (
          <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('vendors.contacts.tableLabel')}>
            {contacts.map((c) => (
              <ContactCard key={c.id} c={c} canWrite={canWrite} onEdit={() => setEditing(c)} onDelete={() => del.ask(c)} />
            ))}
          </Stack>
        )}
      </Stack>
      {editing ? <ContactFormModal facilityId={facilityId} vendorId={vendor.id} contact={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal {...del.modal} title={t('vendors.contacts.deleteTitle')} message={t('vendors.contacts.deleteConfirm', { name: del.target?.name ?? '' })} confirmLabel={t('vendors.detail.delete')} danger />
    </VendorSection>
  );
}

interface ContactValues {
  name: string;
  role: string;
  phone: string;
  email: string;
  emergency24h: boolean;
  notes: string;
}
const ORDER = ['name', 'role', 'phone', 'email', 'emergency24h', 'notes'];
const PREFIX = 'contact-field';
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, ORDER, errors);

function ContactFormModal({ facilityId, vendorId, contact, onClose }: { facilityId: string; vendorId: string; contact?: TVendorContact; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const form = useForm<ContactValues>({
    mode: 'controlled',
    initialValues: {
      name: contact?.name ?? '',
      role: contact?.role ?? '',
      phone: contact?.phone ?? '',
      email: contact?.email ?? '',
      emergency24h: contact?.emergency24h ?? false,
      notes: contact?.notes ?? '',
    },
    validate: {
      name: (v) => (!v.trim() ? t('validation.required') : v.trim().length > 100 ? t('validation.maxLength', { max: 100 }) : null),
      role: (v) => (v.trim().length > 100 ? t('validation.maxLength', { max: 100 }) : null),
      phone: (v, values) => (!vendorChecks.phone(v) ? t('vendors.issues.invalid_phone') : values.emergency24h && !v.trim() ? t('validation.required') : null),
      email: (v) => (vendorChecks.email(v) ? null : t('vendors.issues.invalid_email')),
    },
  });
  const save = useMutation({
    mutationFn: (v: ContactValues) => {
      const body: TVendorContactCreate = {
        name: v.name.trim(),
        role: textOrNull(v.role),
        phone: textOrNull(v.phone),
        email: textOrNull(v.email),
        emergency24h: v.emergency24h,
        notes: textOrNull(v.notes),
      };
      return contact ? api.patch<unknown>(vendorPath.contact(facilityId, vendorId, contact.id), body) : api.post<unknown>(vendorPath.contacts(facilityId, vendorId), body);
    },
    onSuccess: (_, v) => {
      changed(facilityId);
      notify(contact ? t('vendors.contacts.updated', { name: v.name.trim() }) : t('vendors.contacts.created', { name: v.name.trim() }));
      onClose();
    },
    onError: (e) => showFieldErrors(form, vendorFieldErrors(e, t, formValues(form)), focusFirst),
  });
  const input = (k: keyof ContactValues) => ({ id: `${PREFIX}-${k}`, ...form.getInputProps(k) });
  return (
    <FormModal
      title={contact ? t('vendors.contacts.editTitle', { name: contact.name }) : t('vendors.contacts.createTitle')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}
      hasErrors={Object.keys(form.errors).length > 0}
      error={save.error}
      submitLabel={contact ? t('vendors.form.submitEdit') : t('vendors.form.submitCreate')}
      loading={save.isPending}
    >
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('vendors.contacts.fields.name')} required data-autofocus maxLength={100} {...input('name')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('vendors.contacts.fields.role')} description={t('vendors.contacts.help.role')} maxLength={100} {...input('role')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('vendors.contacts.fields.phone')} description={t('vendors.help.phone')} type="tel" maxLength={40} required={form.getValues().emergency24h} {...input('phone')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <TextInput label={t('vendors.contacts.fields.email')} type="email" maxLength={254} {...input('email')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Checkbox
            id={`${PREFIX}-emergency24h`}
            label={t('vendors.contacts.fields.emergency24h')}
            description={t('vendors.contacts.help.emergency24h')}
            {...form.getInputProps('emergency24h', { type: 'checkbox' })}
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('vendors.contacts.fields.notes')} autosize minRows={2} maxRows={6} maxLength={1000} {...input('notes')} />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}

