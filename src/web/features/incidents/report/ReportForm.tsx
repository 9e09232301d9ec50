import { useRef, useState, type ReactNode } from 'react';
import { Alert, Box, Button, FileButton, Group, Image, Paper, SegmentedControl, Select, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconAlertTriangle, IconCamera, IconPhoto, IconSend, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { isApiError } from '../../../api/client.ts';
import { useErrorText } from '../../../components/errors.ts';
import { REPORT_LIMITS } from '../../../../shared/incidents/cases.ts';
import { useAssetList } from '../../ledger/ledger.ts';
import {
  canPreview,
  emptyReportDraft,
  issueReportField,
  jstLocalInput,
  PHOTO_ACCEPT,
  PHOTO_LIMIT_MB,
  photoProblem,
  readAsDataUrl,
  reportDraftErrors,
  WHEN_CHOICES,
  type PhotoPayload,
  type ReportDraft,
  type WhenChoice,
} from './reports.ts';

type FieldKey = keyof ReportDraft | 'photo';
type Errors = Partial<Record<FieldKey, string>>;

const PREFIX = 'report-field';
const fieldId = (k: FieldKey) => `${PREFIX}-${k}`;
const FIELD_ORDER: FieldKey[] = ['what', 'where', 'assetId', 'customWhen', 'photo', 'name', 'contact'];

const LIMITS: Record<string, number> = { what: REPORT_LIMITS.whatChars, where: REPORT_LIMITS.whereChars, name: REPORT_LIMITS.nameChars, contact: 100 };

/** A translated problem of a field (client-side check or server issue code). */
function problemText(t: TFunction, field: FieldKey, code: string): string {
  const key = `incidentReports.form.errors.${code}`;
  const text = t(key as 'incidentReports.form.errors.invalid', { max: LIMITS[field] ?? 0, mb: PHOTO_LIMIT_MB, defaultValue: '' });
  return text || t('incidentReports.form.errors.invalid');
}

function focusFirst(errors: Errors) {
  const first = FIELD_ORDER.find((k) => errors[k]);
  if (!first) return;
  const el = document.getElementById(fieldId(first));
  (el?.matches('input, textarea, button') ? el : el?.querySelector<HTMLElement>('input, textarea, button'))?.focus();
}

export interface ReportFormProps {
  /** `link`: the poster page (name and extension, no asset choice). */
  mode: 'app' | 'link';
  /** Whose ledger to search for the asset (app mode, when the caller may read the ledger). */
  assetFacilityId?: string | null;
  submitting: boolean;
  /** A failed send: field issues land under the fields, anything else shows above the button (`sendError` words it). */
  error: unknown;
  sendError?: ReactNode;
  onSubmit: (draft: ReportDraft, photo: PhotoPayload | null, now: Date) => void;
}

/**
 * The one-minute report, phone first: what happened (required), where, when (now by default), a photo of the screen, send. Large type,
 * few fields; what was typed stays when sending fails.
 */
export function ReportForm({ mode, assetFacilityId, submitting, error, sendError, onSubmit }: ReportFormProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [draft, setDraft] = useState<ReportDraft>(emptyReportDraft);
  const [errors, setErrors] = useState<Errors>({});
  // The chosen photo, read once as a data: URL: the preview (the app's CSP allows data: images, not blob:) and the body.
  const [photo, setPhoto] = useState<{ file: File; dataUrl: string } | null>(null);
  const [reading, setReading] = useState(false);
  const readSeq = useRef(0);
  const preview = photo && canPreview(photo.file.type) ? photo.dataUrl : null;
  const resetCamera = useRef<() => void>(null);
  const resetGallery = useRef<() => void>(null);

  // Server issues under their fields.
  const [shownError, setShownError] = useState<unknown>(null);
  if (error !== shownError) {
    setShownError(error);
    if (isApiError(error) && error.issues.length > 0) {
      const next: Errors = {};
      for (const issue of error.issues) {
        const field = issueReportField(issue.path);
        if (field && !next[field]) next[field] = problemText(t, field, issue.message);
      }
      if (Object.keys(next).length > 0) {
        setErrors(next);
        requestAnimationFrame(() => focusFirst(next));
      }
    }
  }
  const fieldIssuesShown = isApiError(error) && error.issues.some((i) => issueReportField(i.path) !== null);

  const set = <K extends keyof ReportDraft>(k: K, v: ReportDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    if (errors[k]) setErrors((e) => ({ ...e, [k]: undefined }));
  };

  const choosePhoto = (file: File | null) => {
    resetCamera.current?.();
    resetGallery.current?.();
    if (!file) return;
    const problem = photoProblem(file);
    setErrors((e) => ({ ...e, photo: problem ? problemText(t, 'photo', problem) : undefined }));
    if (problem) return;
    const seq = ++readSeq.current;
    setReading(true);
    readAsDataUrl(file)
      .then((dataUrl) => {
        if (seq === readSeq.current) setPhoto({ file, dataUrl });
      })
      .catch(() => {
        if (seq === readSeq.current) setErrors((e) => ({ ...e, photo: t('incidentReports.form.errors.photoRead') }));
      })
      .finally(() => {
        if (seq === readSeq.current) setReading(false);
      });
  };

  const submit = () => {
    const now = new Date();
    const found = reportDraftErrors(draft, now);
    const next: Errors = {};
    for (const [k, code] of Object.entries(found)) next[k as FieldKey] = problemText(t, k as FieldKey, code);
    if (errors.photo) next.photo = errors.photo;
    setErrors(next);
    if (Object.values(next).some(Boolean)) {
      focusFirst(next);
      return;
    }
    const payload: PhotoPayload | null = photo ? { fileName: photo.file.name || 'photo', data: photo.dataUrl } : null;
    onSubmit(draft, payload, now);
  };

  const busy = submitting || reading;
  const hasErrors = Object.values(errors).some(Boolean);

  return (
    <Box
      component="form"
      noValidate
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        if (!busy) submit();
      }}
      aria-label={t('incidentReports.form.title')}
    >
      <Stack gap="lg">
        <Text size="sm" c="dimmed">
          {t('incidentReports.form.requiredNote')}
        </Text>
        <Textarea
          id={fieldId('what')}
          label={t('incidentReports.form.what')}
          description={t('incidentReports.form.whatHelp')}
          placeholder={t('incidentReports.form.whatPlaceholder')}
          required
          size="lg"
          autosize
          minRows={4}
          maxRows={12}
          value={draft.what}
          onChange={(e) => set('what', e.currentTarget.value)}
          error={errors.what}
          styles={LARGE_LABEL}
        />
        <Stack gap="xs">
          <TextInput
            id={fieldId('where')}
            label={t('incidentReports.form.where')}
            description={t('incidentReports.form.whereHelp')}
            placeholder={t('incidentReports.form.wherePlaceholder')}
            size="lg"
            value={draft.where}
            onChange={(e) => set('where', e.currentTarget.value)}
            error={errors.where}
            styles={LARGE_LABEL}
          />
          {mode === 'app' && assetFacilityId ? <AssetPicker facilityId={assetFacilityId} value={draft.assetId} onChange={(v) => set('assetId', v)} error={errors.assetId} /> : null}
        </Stack>
        <WhenField draft={draft} set={set} error={errors.customWhen} />
        <PhotoField
          photo={photo?.file ?? null}
          preview={preview}
          error={errors.photo}
          onChoose={choosePhoto}
          onRemove={() => {
            readSeq.current++;
            setReading(false);
            setPhoto(null);
            setErrors((e) => ({ ...e, photo: undefined }));
          }}
          resetCamera={resetCamera}
          resetGallery={resetGallery}
        />
        {mode === 'link' ? (
          <>
            <TextInput
              id={fieldId('name')}
              label={t('incidentReports.form.name')}
              placeholder={t('incidentReports.form.namePlaceholder')}
              size="lg"
              autoComplete="name"
              value={draft.name}
              onChange={(e) => set('name', e.currentTarget.value)}
              error={errors.name}
              styles={LARGE_LABEL}
            />
            <TextInput
              id={fieldId('contact')}
              label={t('incidentReports.form.contact')}
              description={t('incidentReports.form.contactHelp')}
              placeholder={t('incidentReports.form.contactPlaceholder')}
              size="lg"
              inputMode="tel"
              autoComplete="tel"
              value={draft.contact}
              onChange={(e) => set('contact', e.currentTarget.value)}
              error={errors.contact}
              styles={LARGE_LABEL}
            />
          </>
        ) : null}
        {hasErrors ? (
          <Text size="sm" c="red.8" role="alert">
            {t('incidentReports.form.errors.summary')}
          </Text>
        ) : null}
        {error && !fieldIssuesShown ? (
          (sendError ?? (
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('incidentReports.form.sendFailed')}>
              <Stack gap={4}>
                <Text size="sm">{[errorText(error).title, errorText(error).detail].filter(Boolean).join(' ')}</Text>
                <Text size="sm">{t('incidentReports.form.keepCalm')}</Text>
              </Stack>
            </Alert>
          ))
        ) : null}
        <Button type="submit" size="xl" color="red" fullWidth leftSection={<IconSend aria-hidden />} loading={busy} data-testid="report-submit">
          {t('incidentReports.form.submit')}
        </Button>
      </Stack>
    </Box>
  );
}

const LARGE_LABEL = { label: { fontSize: 'var(--mantine-font-size-lg)', fontWeight: 700 } };

function WhenField({ draft, set, error }: { draft: ReportDraft; set: <K extends keyof ReportDraft>(k: K, v: ReportDraft[K]) => void; error?: string }) {
  const { t } = useTranslation();
  const [max] = useState(() => jstLocalInput(new Date()));
  return (
    <Stack gap={6} role="group" aria-labelledby="report-when-label">
      <Text fw={700} size="lg" id="report-when-label" component="div">
        {t('incidentReports.form.when')}
      </Text>
      <SegmentedControl
        fullWidth
        size="md"
        value={draft.when}
        onChange={(v) => {
          const choice = v as WhenChoice;
          set('when', choice);
          if (choice === 'custom' && !draft.customWhen) set('customWhen', jstLocalInput(new Date()));
        }}
        data={WHEN_CHOICES.map((c) => ({ value: c, label: t(`incidentReports.form.whenOptions.${c}`) }))}
        aria-label={t('incidentReports.form.when')}
        styles={{ label: { whiteSpace: 'normal', lineHeight: 1.3, paddingInline: 4 } }}
      />
      <Text size="sm" c="dimmed">
        {t(`incidentReports.form.whenHelp.${draft.when}`)}
      </Text>
      {draft.when === 'custom' ? (
        <TextInput
          id={fieldId('customWhen')}
          type="datetime-local"
          label={t('incidentReports.form.whenCustom')}
          size="lg"
          max={max}
          value={draft.customWhen}
          onChange={(e) => set('customWhen', e.currentTarget.value)}
          error={error}
        />
      ) : null}
    </Stack>
  );
}

function PhotoField({
  photo,
  preview,
  error,
  onChoose,
  onRemove,
  resetCamera,
  resetGallery,
}: {
  photo: File | null;
  preview: string | null;
  error?: string;
  onChoose: (f: File | null) => void;
  onRemove: () => void;
  resetCamera: React.RefObject<(() => void) | null>;
  resetGallery: React.RefObject<(() => void) | null>;
}) {
  const { t } = useTranslation();
  const size = photo ? formatBytes(photo.size) : '';
  return (
    <Stack gap={6} id={fieldId('photo')} role="group" aria-labelledby="report-photo-label" aria-describedby="report-photo-help">
      <Text fw={700} size="lg" id="report-photo-label" component="div">
        {t('incidentReports.form.photo')}
      </Text>
      <Text size="sm" c="dimmed" id="report-photo-help">
        {t('incidentReports.form.photoHelp', { mb: PHOTO_LIMIT_MB })}
      </Text>
      {photo ? (
        <Paper withBorder radius="md" p="sm">
          <Stack gap="xs">
            {preview ? (
              <Image src={preview} alt={t('incidentReports.form.photoPreview')} mah={280} fit="contain" radius="sm" data-testid="report-photo-preview" />
            ) : (
              <Text size="sm">{t('incidentReports.form.photoNoPreview')}</Text>
            )}
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              {t('incidentReports.form.photoSize', { name: photo.name, size })}
            </Text>
            <Group gap="xs">
              <FileButton onChange={onChoose} accept={PHOTO_ACCEPT} capture="environment" resetRef={resetCamera}>
                {(props) => (
                  <Button {...props} variant="default" leftSection={<IconCamera size={18} aria-hidden />}>
                    {t('incidentReports.form.changePhoto')}
                  </Button>
                )}
              </FileButton>
              <Button variant="subtle" color="red" leftSection={<IconTrash size={18} aria-hidden />} onClick={onRemove}>
                {t('incidentReports.form.removePhoto')}
              </Button>
            </Group>
          </Stack>
        </Paper>
      ) : (
        <Group gap="xs" grow preventGrowOverflow={false} wrap="wrap">
          <FileButton onChange={onChoose} accept={PHOTO_ACCEPT} capture="environment" resetRef={resetCamera} inputProps={{ 'data-testid': 'report-photo-camera' } as object}>
            {(props) => (
              <Button {...props} size="lg" variant="light" leftSection={<IconCamera aria-hidden />} aria-describedby="report-photo-help">
                {t('incidentReports.form.takePhoto')}
              </Button>
            )}
          </FileButton>
          <FileButton onChange={onChoose} accept={PHOTO_ACCEPT} resetRef={resetGallery} inputProps={{ 'data-testid': 'report-photo-file' } as object}>
            {(props) => (
              <Button {...props} size="lg" variant="default" leftSection={<IconPhoto aria-hidden />} aria-describedby="report-photo-help">
                {t('incidentReports.form.choosePhoto')}
              </Button>
            )}
          </FileButton>
        </Group>
      )}
      {error ? (
        <Text size="sm" c="red.8" role="alert">
          {error}
        </Text>
      ) : null}
    </Stack>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** An asset of the ledger, found by name (optional; only for callers who may read the ledger). */
function AssetPicker({ facilityId, value, onChange, error }: { facilityId: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const [chosen, setChosen] = useState<{ value: string; label: string } | null>(null);
  const found = useAssetList(facilityId, { q: q.trim() || undefined, pageSize: 20, sort: 'name' });
  const options = new Map<string, { value: string; label: string }>();
  if (chosen) options.set(chosen.value, chosen);
  for (const a of found.data?.items ?? []) options.set(a.id, { value: a.id, label: a.name });
  const data = [...options.values()];
  return (
    <Select
      id={fieldId('assetId')}
      label={t('incidentReports.form.asset')}
      placeholder={t('incidentReports.form.assetPlaceholder')}
      data={data}
      size="md"
      searchable
      clearable
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options: o }) => o}
      nothingFoundMessage={t('common.nothingFound')}
      value={value || null}
      onChange={(v) => {
        setChosen(v ? (data.find((o) => o.value === v) ?? null) : null);
        onChange(v ?? '');
      }}
      error={error}
      clearButtonProps={{ 'aria-label': t('incidentReports.form.assetClear') }}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
