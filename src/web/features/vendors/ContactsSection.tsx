import { useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Grid, Group, Modal, Paper, Stack, Text, Textarea, TextInput, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconClock24, IconMail, IconPhone, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import type { TVendorContact, TVendorContactCreate, TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { textOrNull } from '../ledger/ledger.ts';
import { ItemActions, VendorSection } from './VendorSection.tsx';
import { focusFirstError, telHref, vendorChecks, vendorFieldErrors, vendorPath, useVendorsChanged } from './vendors.ts';

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
  const [deleting, setDeleting] = useState<TVendorContact | null>(null);
  const del = useMutation({
    mutationFn: (c: TVendorContact) => api.del<Ok>(vendorPath.contact(facilityId, vendor.id, c.id)),
    onSuccess: (_, c) => {
      changed(facilityId);
      notify(t('vendors.contacts.deleted', { name: c.name }));
      setDeleting(null);
    },
  });
  const contacts = [...vendor.contacts].sort((a, b) => Number(b.emergency24h) - Number(a.emergency24h));
  const hasEmergency = contacts.some((c) => c.emergency24h);

  return (
    <VendorSection
      id="vendor-contacts"
      title={t('vendors.sections.contacts')}
      actions={
        canWrite ? (
          <Button size="xs" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setEditing('new')}>
            {t('vendors.contacts.add')}
          </Button>
        ) : null
      }
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
              <ContactCard key={c.id} c={c} canWrite={canWrite} onEdit={() => setEditing(c)} onDelete={() => setDeleting(c)} />
            ))}
          </Stack>
        )}
      </Stack>
      {editing ? <ContactFormModal facilityId={facilityId} vendorId={vendor.id} contact={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        opened={deleting !== null}
        title={t('vendors.contacts.deleteTitle')}
        message={t('vendors.contacts.deleteConfirm', { name: deleting?.name ?? '' })}
        confirmLabel={t('vendors.detail.delete')}
        danger
        loading={del.isPending}
        error={del.error}
        onConfirm={() => deleting && del.mutate(deleting)}
        onClose={() => {
          setDeleting(null);
          del.reset();
        }}
      />
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

function ContactFormModal({ facilityId, vendorId, contact, onClose }: { facilityId: string; vendorId: string; contact?: TVendorContact; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
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
    onError: (e) => {
      const errors = vendorFieldErrors(e, t, form.getValues() as unknown as Record<string, unknown>);
      if (Object.keys(errors).length > 0) {
        form.setErrors(errors);
        focusFirstError(PREFIX, ORDER, errors);
      }
    },
  });
  const input = (k: keyof ContactValues) => ({ id: `${PREFIX}-${k}`, ...form.getInputProps(k) });
  return (
    <Modal opened onClose={onClose} title={contact ? t('vendors.contacts.editTitle', { name: contact.name }) : t('vendors.contacts.createTitle')} size="lg" fullScreen={narrow} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={form.onSubmit((v) => save.mutate(v), (errors) => focusFirstError(PREFIX, ORDER, errors))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('common.requiredNote')}
          </Text>
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
          {save.error && Object.keys(form.errors).length === 0 ? <ErrorAlert error={save.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {contact ? t('vendors.form.submitEdit') : t('vendors.form.submitCreate')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

