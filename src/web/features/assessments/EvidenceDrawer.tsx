import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { Alert, Anchor, Badge, Box, Button, Drawer, FileButton, Group, Paper, Select, Stack, Tabs, Text, Textarea, TextInput, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconDownload, IconExternalLink, IconFile, IconFileUpload, IconLink, IconLock, IconTrash, IconUpload, IconWorld } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, apiUrl, uploadFile } from '../../api/client.ts';
import type { Page } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import type { FrameworkItem } from '../../../shared/assessments/framework.ts';
import type { EvidenceRecordType } from '../../../shared/assessments/types.ts';
import { ledgerPath } from '../ledger/ledger.ts';
import { connectionPath } from '../connections/connections.ts';
import { assessmentPath, EVIDENCE_MAX_BYTES, fileSize, recordHref, shortHash, useAssessmentLabels, useAssessmentsChanged, type TEvidence } from './assessments.ts';

/** Record types that can be searched here through the ledger's list APIs. */
const LINKABLE: EvidenceRecordType[] = ['asset', 'connection', 'vendor'];

function listPath(type: EvidenceRecordType, facilityId: string): string {
  if (type === 'asset') return ledgerPath.assets(facilityId);
  if (type === 'connection') return connectionPath.connections(facilityId);
  return connectionPath.vendors(facilityId);
}

/**
 * The evidence of one item: what is there (files with SHA-256 and versions, linked mamori records, URLs; expiry), and — while the
 * assessment may change — upload a file (drop or choose), a new version of a file, a link to a record, a URL, or delete.
 */
export function EvidenceDrawer({
  assessmentId,
  facilityId,
  item,
  evidence,
  editable,
  canLinkRecords,
  onClose,
}: {
  assessmentId: string;
  facilityId: string;
  item: FrameworkItem | null;
  evidence: TEvidence[];
  editable: boolean;
  canLinkRecords: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const changed = useAssessmentsChanged();
  const del = useConfirmDelete(
    (e: TEvidence) => api.del(assessmentPath.evidenceOne(assessmentId, e.id)),
    (e) => {
      changed();
      notify(t('assessments.evidence.deleted', { name: e.title }));
    },
  );
  return (
    <Drawer
      opened={item !== null}
      onClose={onClose}
      position="right"
      size="lg"
      title={item ? t('assessments.evidence.title', { number: item.number }) : ''}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {item ? (
        <Stack gap="md">
          <Text size="sm">{t('assessments.evidence.description')}</Text>
          {evidence.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('assessments.evidence.none')}
            </Text>
          ) : (
            <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('assessments.evidence.listLabel', { number: item.number })}>
              {evidence.map((e) => (
                <EvidenceRow key={e.id} assessmentId={assessmentId} itemId={item.id} e={e} editable={editable} onDelete={() => del.ask(e)} />
              ))}
            </Stack>
          )}
          {editable ? (
            <AddEvidence assessmentId={assessmentId} facilityId={facilityId} itemId={item.id} canLinkRecords={canLinkRecords} />
          ) : (
            <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
              {t('assessments.evidence.readOnly')}
            </Alert>
          )}
        </Stack>
      ) : null}
      <ConfirmModal {...del.modal} title={t('assessments.evidence.deleteTitle')} message={t('assessments.evidence.deleteConfirm', { name: del.target?.title ?? '' })} confirmLabel={t('assessments.evidence.delete')} danger />
    </Drawer>
  );
}

function KindIcon({ kind }: { kind: TEvidence['kind'] }) {
  if (kind === 'file') return <IconFile size={16} aria-hidden />;
  if (kind === 'record') return <IconLink size={16} aria-hidden />;
  return <IconWorld size={16} aria-hidden />;
}

function EvidenceRow({ assessmentId, itemId, e, editable, onDelete }: { assessmentId: string; itemId: string; e: TEvidence; editable: boolean; onDelete: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const href = e.record ? recordHref(e.record.type, e.record.id) : null;
  return (
    <Paper component="li" withBorder radius="sm" p="sm" style={e.expired ? { borderStyle: 'dashed' } : undefined}>
      <Stack gap={4}>
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <KindIcon kind={e.kind} />
            <Text size="sm" fw={700} style={{ overflowWrap: 'anywhere' }}>
              {e.title}
            </Text>
          </Group>
          <Badge variant="light" color="gray" radius="sm" style={{ textTransform: 'none', flexShrink: 0 }}>
            {t(`assessments.evidence.kind.${e.kind}`)}
          </Badge>
        </Group>
        {e.kind === 'file' ? (
          <>
            {e.fileName ? (
              <Anchor href={apiUrl(assessmentPath.evidenceDownload(assessmentId, e.id))} download={e.fileName} size="sm" display="inline-flex" style={{ alignItems: 'center', gap: 4, overflowWrap: 'anywhere' }} aria-label={t('assessments.evidence.download', { name: e.fileName })}>
                <IconDownload size={14} aria-hidden />
                {e.fileName}
                {e.size !== null ? ` (${fileSize(e.size)})` : ''}
              </Anchor>
            ) : null}
            {e.sha256 ? (
              <Group gap={6} wrap="wrap">
                <Text size="xs">
                  {t('assessments.evidence.sha')}:{' '}
                  <Text span size="xs" className="mono" data-testid="evidence-sha" title={e.sha256}>
                    {shortHash(e.sha256)}
                  </Text>
                </Text>
                <CopyButton value={e.sha256} label={t('assessments.evidence.copySha')} size="compact-xs" />
              </Group>
            ) : null}
            <Text size="xs" c="dimmed">
              {t('assessments.evidence.version', { version: e.version })}
            </Text>
            {e.previousVersions.length > 0 ? (
              <details>
                <summary>
                  <Text span size="xs">
                    {t('assessments.evidence.previous')}
                  </Text>
                </summary>
                <Stack gap={2} mt={4}>
                  {e.previousVersions.map((p) => (
                    <Anchor key={p.id} size="xs" href={apiUrl(assessmentPath.evidenceDownload(assessmentId, p.id))}>
                      {t('assessments.evidence.previousItem', { version: p.version, at: fmt.dateTime(p.createdAt), sha: shortHash(p.sha256) })}
                    </Anchor>
                  ))}
                </Stack>
              </details>
            ) : null}
          </>
        ) : null}
        {e.record ? (
          <Group gap={6}>
            <Text size="sm">
              {labels.recordType(e.record.type)}: {e.record.label ?? e.record.id}
            </Text>
            {href ? (
              <Anchor component={Link} to={href} size="sm">
                {t('assessments.evidence.openRecord')}
              </Anchor>
            ) : null}
          </Group>
        ) : null}
        {e.url ? (
          <Anchor href={e.url} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }} display="inline-flex">
            {e.url}
            <IconExternalLink size={14} aria-hidden style={{ marginLeft: 4 }} />
          </Anchor>
        ) : null}
        {e.validUntil ? (
          <Group gap={6}>
            <Text size="xs">{t('assessments.evidence.validUntilText', { date: fmt.date(e.validUntil) })}</Text>
            {e.expired ? (
              <Badge color="red" variant="light" radius="sm" leftSection={<IconAlertTriangle size={12} aria-hidden />} style={{ textTransform: 'none' }} title={t('assessments.evidence.expiredHelp')}>
                {t('assessments.evidence.expired')}
              </Badge>
            ) : null}
          </Group>
        ) : null}
        {e.expired ? (
          <Text size="xs" c="red.9">
            {t('assessments.evidence.expiredHelp')}
          </Text>
        ) : null}
        {e.note ? (
          <Text size="xs" style={{ whiteSpace: 'pre-wrap' }}>
            {e.note}
          </Text>
        ) : null}
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="xs" c="dimmed">
            {t('assessments.evidence.addedBy', { by: e.createdBy, at: fmt.dateTime(e.createdAt) })}
          </Text>
          {editable ? (
            <Group gap={6}>
              {e.kind === 'file' ? <NewVersionButton assessmentId={assessmentId} itemId={itemId} e={e} /> : null}
              <Button size="compact-xs" variant="outline" color="red" leftSection={<IconTrash size={12} aria-hidden />} aria-label={t('assessments.evidence.deleteLabel', { name: e.title })} onClick={onDelete}>
                {t('assessments.evidence.delete')}
              </Button>
            </Group>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
}

function uploadEvidence(assessmentId: string, file: File, query: { itemId: string; title?: string; validUntil?: string; note?: string; replaces?: string }) {
  return uploadFile<TEvidence>(assessmentPath.evidenceFile(assessmentId), file, file.type || 'application/octet-stream', {
    query,
    headers: { 'X-File-Name': encodeURIComponent(file.name) },
  });
}

function NewVersionButton({ assessmentId, itemId, e }: { assessmentId: string; itemId: string; e: TEvidence }) {
  const { t } = useTranslation();
  const changed = useAssessmentsChanged();
  const up = useMutation({
    mutationFn: (f: File) => uploadEvidence(assessmentId, f, { itemId, title: e.title, replaces: e.id, ...(e.validUntil ? { validUntil: e.validUntil } : {}) }),
    onSuccess: (_, f) => {
      changed();
      notify(t('assessments.evidence.uploaded', { name: f.name }));
    },
  });
  return (
    <>
      <FileButton onChange={(f) => f && f.size <= EVIDENCE_MAX_BYTES && up.mutate(f)}>
        {(props) => (
          <Button {...props} size="compact-xs" variant="default" leftSection={<IconUpload size={12} aria-hidden />} loading={up.isPending} aria-label={t('assessments.evidence.newVersionLabel', { name: e.title })}>
            {t('assessments.evidence.newVersion')}
          </Button>
        )}
      </FileButton>
      {up.error ? <ErrorAlert error={up.error} onClose={() => up.reset()} /> : null}
    </>
  );
}

/** The three ways to add evidence, as tabs. */
function AddEvidence({ assessmentId, facilityId, itemId, canLinkRecords }: { assessmentId: string; facilityId: string; itemId: string; canLinkRecords: boolean }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder radius="md" p="sm">
      <Text fw={700} size="sm" mb="xs">
        {t('assessments.evidence.addTitle')}
      </Text>
      <Tabs defaultValue="file" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="file" leftSection={<IconFileUpload size={14} aria-hidden />}>
            {t('assessments.evidence.tabs.file')}
          </Tabs.Tab>
          {canLinkRecords ? (
            <Tabs.Tab value="record" leftSection={<IconLink size={14} aria-hidden />}>
              {t('assessments.evidence.tabs.record')}
            </Tabs.Tab>
          ) : null}
          <Tabs.Tab value="url" leftSection={<IconWorld size={14} aria-hidden />}>
            {t('assessments.evidence.tabs.url')}
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="file" pt="sm">
          <FileForm assessmentId={assessmentId} itemId={itemId} />
        </Tabs.Panel>
        {canLinkRecords ? (
          <Tabs.Panel value="record" pt="sm">
            <RecordForm assessmentId={assessmentId} facilityId={facilityId} itemId={itemId} />
          </Tabs.Panel>
        ) : null}
        <Tabs.Panel value="url" pt="sm">
          <UrlForm assessmentId={assessmentId} itemId={itemId} />
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}

function FileForm({ assessmentId, itemId }: { assessmentId: string; itemId: string }) {
  const { t } = useTranslation();
  const changed = useAssessmentsChanged();
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [note, setNote] = useState('');
  const [over, setOver] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const resetRef = useRef<() => void>(null);
  const choose = (f: File | null) => {
    setFile(f);
    setProblem(f && f.size > EVIDENCE_MAX_BYTES ? t('assessments.evidence.tooBig') : null);
  };
  const up = useMutation({
    mutationFn: (f: File) => uploadEvidence(assessmentId, f, { itemId, title: title.trim() || f.name, ...(validUntil ? { validUntil } : {}), ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (_, f) => {
      changed();
      notify(t('assessments.evidence.uploaded', { name: f.name }));
      setFile(null);
      setTitle('');
      setValidUntil('');
      setNote('');
      resetRef.current?.();
    },
  });
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    choose(e.dataTransfer.files[0] ?? null);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file && !problem) up.mutate(file);
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <FileButton onChange={choose} resetRef={resetRef}>
          {(props) => (
            <UnstyledButton
              {...props}
              onDragOver={(e) => {
                e.preventDefault();
                setOver(true);
              }}
              onDragLeave={() => setOver(false)}
              onDrop={onDrop}
              aria-label={t('assessments.evidence.dropLabel')}
              data-testid="evidence-drop"
              style={{
                border: `2px dashed var(--mantine-color-${over ? 'blue-6' : 'gray-5'})`,
                borderRadius: 'var(--mantine-radius-md)',
                padding: 'var(--mantine-spacing-md)',
                textAlign: 'center',
                width: '100%',
              }}
            >
              <Group justify="center" gap="xs">
                <IconFileUpload size={20} aria-hidden />
                <Text size="sm">{file ? t('assessments.evidence.chosen', { name: file.name, size: fileSize(file.size) }) : t('assessments.evidence.drop')}</Text>
              </Group>
            </UnstyledButton>
          )}
        </FileButton>
        {problem ? (
          <Text size="sm" c="red.8" role="alert">
            {problem}
          </Text>
        ) : null}
        <TextInput label={t('assessments.evidence.titleField')} description={t('assessments.evidence.titleHelp')} maxLength={200} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <TextInput type="date" label={t('assessments.evidence.validUntil')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} />
        <Textarea label={t('assessments.evidence.note')} autosize minRows={1} maxRows={4} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        {up.error ? <ErrorAlert error={up.error} onClose={() => up.reset()} /> : null}
        <Group justify="flex-end">
          <Button type="submit" disabled={!file || Boolean(problem)} loading={up.isPending} leftSection={<IconUpload size={16} aria-hidden />}>
            {t('assessments.evidence.upload')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

interface NamedRecord {
  id: string;
  name: string;
}

function RecordForm({ assessmentId, facilityId, itemId }: { assessmentId: string; facilityId: string; itemId: string }) {
  const { t } = useTranslation();
  const labels = useAssessmentLabels();
  const changed = useAssessmentsChanged();
  const [type, setType] = useState<EvidenceRecordType>('asset');
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [recordId, setRecordId] = useState<string | null>(null);
  const [validUntil, setValidUntil] = useState('');
  const records = useQuery({
    queryKey: ['assessments', 'record-search', facilityId, type, q],
    queryFn: ({ signal }) => api.get<Page<NamedRecord>>(listPath(type, facilityId), { q: q.trim() || undefined, pageSize: 50 }, signal),
    select: (p) => p.items,
  });
  const chosen = records.data?.find((r) => r.id === recordId) ?? null;
  const link = useMutation({
    mutationFn: () =>
      api.post<TEvidence>(assessmentPath.evidence(assessmentId), {
        itemId,
        kind: 'record',
        title: chosen ? `${labels.recordType(type)}: ${chosen.name}` : labels.recordType(type),
        recordType: type,
        recordId,
        ...(validUntil ? { validUntil } : {}),
      }),
    onSuccess: () => {
      changed();
      notify(t('assessments.evidence.linked', { name: chosen?.name ?? '' }));
      setRecordId(null);
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (recordId) link.mutate();
      }}
    >
      <Stack gap="sm">
        <Select
          label={t('assessments.evidence.recordType')}
          data={LINKABLE.map((v) => ({ value: v, label: labels.recordType(v) }))}
          value={type}
          onChange={(v) => {
            setType((v as EvidenceRecordType) ?? 'asset');
            setRecordId(null);
          }}
          allowDeselect={false}
        />
        <Select
          label={t('assessments.evidence.record')}
          placeholder={t('assessments.evidence.recordSearch')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          data={(records.data ?? []).map((r) => ({ value: r.id, label: r.name }))}
          value={recordId}
          onChange={setRecordId}
          nothingFoundMessage={t('assessments.evidence.recordNone')}
        />
        <TextInput type="date" label={t('assessments.evidence.validUntil')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} />
        {link.error ? <ErrorAlert error={link.error} onClose={() => link.reset()} /> : null}
        <Group justify="flex-end">
          <Button type="submit" disabled={!recordId} loading={link.isPending} leftSection={<IconLink size={16} aria-hidden />}>
            {t('assessments.evidence.link')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function UrlForm({ assessmentId, itemId }: { assessmentId: string; itemId: string }) {
  const { t } = useTranslation();
  const changed = useAssessmentsChanged();
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [errors, setErrors] = useState<{ title?: string; url?: string }>({});
  const add = useMutation({
    mutationFn: () => api.post<TEvidence>(assessmentPath.evidence(assessmentId), { itemId, kind: 'url', title: title.trim(), url: url.trim(), ...(validUntil ? { validUntil } : {}) }),
    onSuccess: () => {
      changed();
      notify(t('assessments.evidence.linked', { name: title.trim() }));
      setTitle('');
      setUrl('');
      setValidUntil('');
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: { title?: string; url?: string } = {};
    if (!title.trim()) next.title = t('validation.required');
    if (!/^https?:\/\/\S+$/.test(url.trim())) next.url = t('assessments.evidence.urlInvalid');
    setErrors(next);
    if (Object.keys(next).length === 0) add.mutate();
  };
  return (
    <form noValidate onSubmit={submit}>
      <Stack gap="sm">
        <TextInput label={t('assessments.evidence.titleField')} required maxLength={200} value={title} error={errors.title} onChange={(e) => setTitle(e.currentTarget.value)} />
        <TextInput label={t('assessments.evidence.url')} required type="url" maxLength={2000} value={url} error={errors.url} onChange={(e) => setUrl(e.currentTarget.value)} />
        <TextInput type="date" label={t('assessments.evidence.validUntil')} value={validUntil} onChange={(e) => setValidUntil(e.currentTarget.value)} />
        {add.error ? <ErrorAlert error={add.error} onClose={() => add.reset()} /> : null}
        <Box>
          <Group justify="flex-end">
            <Button type="submit" loading={add.isPending}>
              {t('assessments.evidence.addUrl')}
            </Button>
          </Group>
        </Box>
      </Stack>
    </form>
  );
}
