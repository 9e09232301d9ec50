import { useState } from 'react';
import { Alert, Anchor, Box, Button, FileButton, FileInput, Grid, Group, Paper, Radio, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconDownload, IconFileUpload, IconPaperclip } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiUrl, uploadFile } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { focusFirstError, formValues, showFieldErrors, useErrorText } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import { VENDOR_DOCUMENT_KINDS, VENDOR_DOCUMENT_MAX_BYTES, type VendorDocumentKind } from '../../../shared/vendors.ts';
import type { TVendorDetail, TVendorDocument, TVendorDocumentCreate } from '../../../shared/contracts/vendors.contract.ts';
import { textOrNull } from '../ledger/ledger.ts';
import { ItemActions, SectionButton, VendorSection } from './VendorSection.tsx';
import { DOCUMENT_ACCEPT, documentContentType, fileSize, vendorFieldErrors, vendorPath, useVendorsChanged } from './vendors.ts';

/** Why a file cannot be an MDS/SDS file (translated), or null. */
function useFileProblem() {
  const { t } = useTranslation();
  return (f: File | null): string | null => {
    if (!f) return null;
    if (!documentContentType(f)) return t('vendors.documents.badType');
    if (f.size > VENDOR_DOCUMENT_MAX_BYTES) return t('vendors.documents.tooBig');
    return null;
  };
}

/** Stores a document's file (raw body, PUT replaces any earlier file). */
function putFile(facilityId: string, vendorId: string, documentId: string, f: File) {
  return uploadFile<unknown>(vendorPath.documentFile(facilityId, vendorId, documentId), f, documentContentType(f) ?? 'application/octet-stream', {
    method: 'PUT',
    headers: { 'X-File-Name': encodeURIComponent(f.name) },
  });
}

function UploadButton({ facilityId, vendorId, doc }: { facilityId: string; vendorId: string; doc: TVendorDocument }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const problem = useFileProblem();
  const [error, setError] = useState<unknown>(null);
  const upload = useMutation({
    mutationFn: (f: File) => putFile(facilityId, vendorId, doc.id, f),
    onSuccess: (_, f) => {
      changed(facilityId);
      notify(t('vendors.documents.uploaded', { name: f.name }));
      setError(null);
    },
    onError: (e) => setError(e),
  });
  return (
    <Stack gap={4}>
      <FileButton
        accept={DOCUMENT_ACCEPT}
        onChange={(f) => {
          if (!f) return;
          const p = problem(f);
          if (p) setError(new Error(p));
          else upload.mutate(f);
        }}
      >
        {(props) => (
          <Button {...props} size="compact-sm" variant="default" leftSection={<IconFileUpload size={14} aria-hidden />} loading={upload.isPending} aria-label={t('vendors.documents.uploadLabel', { name: doc.subject })}>
            {doc.file ? t('vendors.documents.replace') : t('vendors.documents.upload')}
          </Button>
        )}
      </FileButton>
      {error ? <ErrorAlert error={error} onClose={() => setError(null)} /> : null}
    </Stack>
  );
}

/** The stored file (download link) and, for writers, the upload/replace button. */
function FileCell({ facilityId, vendorId, doc: d, canWrite }: { facilityId: string; vendorId: string; doc: TVendorDocument; canWrite: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4} align="flex-start">
      {d.file ? (
        <Anchor href={apiUrl(vendorPath.documentFile(facilityId, vendorId, d.id))} download={d.file.fileName} size="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4, overflowWrap: 'anywhere' }} aria-label={t('vendors.documents.download', { name: d.file.fileName })}>
          <IconDownload size={14} aria-hidden />
          {t('vendors.documents.fileChosen', { name: d.file.fileName, size: fileSize(d.file.size) })}
        </Anchor>
      ) : (
        <Text size="sm" c="dimmed">
          {t('vendors.documents.noFile')}
        </Text>
      )}
      {canWrite ? <UploadButton facilityId={facilityId} vendorId={vendorId} doc={d} /> : null}
    </Stack>
  );
}

/** MDS/SDS received: kind, subject, version, date; the stored file to download; upload or replace for writers. */
export function DocumentsSection({ facilityId, vendor, canWrite }: { facilityId: string; vendor: TVendorDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const changed = useVendorsChanged();
  const [editing, setEditing] = useState<TVendorDocument | 'new' | null>(null);
  const del = useConfirmDelete(
    (d: TVendorDocument) => api.del<Ok>(vendorPath.document(facilityId, vendor.id, d.id)),
    (d) => {
      changed(facilityId);
      notify(t('vendors.documents.deleted', { name: d.subject }));
    },
  );
  const docs = [...vendor.documents].sort((a, b) => b.receivedOn.localeCompare(a.receivedOn));
  const needed = vendor.flags.includes('no_mds_sds');
  const narrow = useMediaQuery('(max-width: 40em)');
  return (
    <VendorSection
      id="vendor-documents"
      title={t('vendors.sections.documents')}
      description={t('vendors.documents.description')}
      actions={canWrite ? <SectionButton onClick={() => setEditing('new')}>{t('vendors.documents.add')}</SectionButton> : null}
    >
      {needed ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('vendors.flags.no_mds_sds')} mb="sm">
          {t('vendors.flagHelp.no_mds_sds')}
        </Alert>
      ) : null}
      {docs.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('vendors.documents.none')}
        </Text>
      ) : narrow ? (
        <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('vendors.documents.tableLabel')}>
          {docs.map((d) => (
            <Paper component="li" key={d.id} withBorder radius="md" p="sm">
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Text size="xs" c="dimmed">
                    {t(`vendors.documents.kinds.${d.kind}`)} · {fmt.date(d.receivedOn)}
                  </Text>
                  <Text size="sm" fw={700} style={{ overflowWrap: 'anywhere' }}>
                    {d.subject}
                  </Text>
                  {d.version ? <Text size="sm">{d.version}</Text> : null}
                </Stack>
                {canWrite ? <ItemActions editLabel={t('vendors.documents.editLabel', { name: d.subject })} deleteLabel={t('vendors.documents.deleteLabel', { name: d.subject })} onEdit={() => setEditing(d)} onDelete={() => del.ask(d)} /> : null}
              </Group>
              <Box mt={6}>
                <FileCell facilityId={facilityId} vendorId={vendor.id} doc={d} canWrite={canWrite} />
              </Box>
            </Paper>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={720}>
          <Table verticalSpacing="xs" aria-label={t('vendors.documents.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vendors.documents.fields.kind')}</Table.Th>
                <Table.Th>{t('vendors.documents.fields.subject')}</Table.Th>
                <Table.Th>{t('vendors.documents.fields.version')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('vendors.documents.fields.receivedOn')}</Table.Th>
                <Table.Th>{t('vendors.documents.fields.file')}</Table.Th>
                {canWrite ? <Table.Th>{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {docs.map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{t(`vendors.documents.kinds.${d.kind}`)}</Table.Td>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm" fw={600}>
                      {d.subject}
                    </Text>
                    {d.notes ? (
                      <Text size="xs" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                        {d.notes}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>{d.version ?? <Text size="sm" c="dimmed">{t('common.notSet')}</Text>}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.date(d.receivedOn)}</Table.Td>
                  <Table.Td>
                    <FileCell facilityId={facilityId} vendorId={vendor.id} doc={d} canWrite={canWrite} />
                  </Table.Td>
                  {canWrite ? (
                    <Table.Td>
                      <ItemActions editLabel={t('vendors.documents.editLabel', { name: d.subject })} deleteLabel={t('vendors.documents.deleteLabel', { name: d.subject })} onEdit={() => setEditing(d)} onDelete={() => del.ask(d)} />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing ? <DocumentFormModal facilityId={facilityId} vendorId={vendor.id} doc={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal {...del.modal} title={t('vendors.documents.deleteTitle')} message={t('vendors.documents.deleteConfirm', { name: del.target?.subject ?? '' })} confirmLabel={t('vendors.detail.delete')} danger />
    </VendorSection>
  );
}

interface DocumentValues {
  kind: string;
  subject: string;
  version: string;
  receivedOn: string;
  notes: string;
  file: File | null;
}
const ORDER = ['kind', 'subject', 'version', 'receivedOn', 'file', 'notes'];
const PREFIX = 'document-field';
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, ORDER, errors);

/** The JST calendar day of now, YYYY-MM-DD. */
function todayJst(): string {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
}

function DocumentFormModal({ facilityId, vendorId, doc, onClose }: { facilityId: string; vendorId: string; doc?: TVendorDocument; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const problem = useFileProblem();
  const errorText = useErrorText();
  // Set once the metadata exists: a failed upload is retried against it instead of creating a second record.
  const [created, setCreated] = useState<TVendorDocument | null>(null);
  const target = doc ?? created;
  const form = useForm<DocumentValues>({
    mode: 'controlled',
    initialValues: {
      kind: doc?.kind ?? 'mds',
      subject: doc?.subject ?? '',
      version: doc?.version ?? '',
      receivedOn: doc?.receivedOn ?? todayJst(),
      notes: doc?.notes ?? '',
      file: null,
    },
    validate: {
      subject: (v) => (!v.trim() ? t('validation.required') : v.trim().length > 200 ? t('validation.maxLength', { max: 200 }) : null),
      version: (v) => (v.trim().length > 100 ? t('validation.maxLength', { max: 100 }) : null),
      receivedOn: (v) => (!v ? t('validation.required') : !isIsoDate(v) ? t('vendors.issues.invalid_date') : null),
      file: (f) => problem(f),
    },
  });
  const save = useMutation({
    mutationFn: async (v: DocumentValues) => {
      const body: TVendorDocumentCreate = {
        kind: (VENDOR_DOCUMENT_KINDS as readonly string[]).includes(v.kind) ? (v.kind as VendorDocumentKind) : 'mds',
        subject: v.subject.trim(),
        version: textOrNull(v.version),
        receivedOn: v.receivedOn,
        notes: textOrNull(v.notes),
      };
      let saved: TVendorDocument;
      if (target) saved = await api.patch<TVendorDocument>(vendorPath.document(facilityId, vendorId, target.id), body);
      else {
        saved = await api.post<TVendorDocument>(vendorPath.documents(facilityId, vendorId), body);
        setCreated(saved);
        changed(facilityId);
      }
      if (v.file) {
        try {
          await putFile(facilityId, vendorId, saved.id, v.file);
        } catch (e) {
          form.setFieldError('file', `${t('vendors.documents.uploadFailed')} ${errorText(e).title}`);
          throw e;
        }
      }
      return saved;
    },
    onSuccess: (saved) => {
      changed(facilityId);
      notify(doc ? t('vendors.documents.updated', { name: saved.subject }) : t('vendors.documents.created', { name: saved.subject }));
      onClose();
    },
    onError: (e) => showFieldErrors(form, vendorFieldErrors(e, t, formValues(form)), focusFirst),
  });
  const input = (k: keyof DocumentValues) => ({ id: `${PREFIX}-${k}`, ...form.getInputProps(k) });
  return (
    <FormModal
      title={doc ? t('vendors.documents.editTitle', { name: doc.subject }) : t('vendors.documents.createTitle')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}
      hasErrors={Object.keys(form.errors).length > 0}
      error={save.error}
      submitLabel={doc ? t('vendors.form.submitEdit') : t('vendors.form.submitCreate')}
      loading={save.isPending}
    >
      <Radio.Group label={t('vendors.documents.fields.kind')} required {...input('kind')}>
        <Group gap="lg" mt="xs">
          {VENDOR_DOCUMENT_KINDS.map((k) => (
            <Radio key={k} value={k} label={t(`vendors.documents.kinds.${k}`)} />
          ))}
        </Group>
      </Radio.Group>
      <Grid gutter="sm">
        <Grid.Col span={12}>
          <TextInput label={t('vendors.documents.fields.subject')} description={t('vendors.documents.help.subject')} required data-autofocus maxLength={200} {...input('subject')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput label={t('vendors.documents.fields.version')} description={t('vendors.documents.help.version')} maxLength={100} {...input('version')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput type="date" label={t('vendors.documents.fields.receivedOn')} required {...input('receivedOn')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <FileInput
            label={t('vendors.documents.fields.file')}
            description={t('vendors.documents.help.file')}
            accept={DOCUMENT_ACCEPT}
            clearable
            leftSection={<IconPaperclip size={16} aria-hidden />}
            placeholder={doc?.file ? doc.file.fileName : t('vendors.documents.noFile')}
            valueComponent={({ value }) => (value instanceof File ? <Text size="sm">{t('vendors.documents.fileChosen', { name: value.name, size: fileSize(value.size) })}</Text> : null)}
            {...input('file')}
          />
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('vendors.documents.fields.notes')} autosize minRows={2} maxRows={6} maxLength={2000} {...input('notes')} />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
