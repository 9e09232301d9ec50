import { useState, type FormEvent, type ReactNode } from 'react';
import { Anchor, Button, Group, Image, Kbd, Modal, Select, Stack, Text } from '@mantine/core';
import { IconArrowMerge, IconFolderPlus, IconPhoto, IconX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PATHS } from '../../../paths.ts';
import type { TFunction } from 'i18next';
import { api } from '../../../api/client.ts';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormFooter } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import { ReasonField } from '../../../components/ReasonField.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { CaseFormModal } from './CaseFormModal.tsx';
import { REPORT_STATUS_TONE, casePath, fromPosterLink, titleFromReport, useIncidentsChanged, useOpenCases, type ReportDto } from './cases.ts';

export type TriageAction = 'open' | 'merge' | 'dismiss';

/** New / opened as a case / merged / dismissed as icon and text. */
export function ReportStatusBadge({ report }: { report: Pick<ReportDto, 'status'> }) {
  const { t } = useTranslation();
  return <StatusBadge tone={REPORT_STATUS_TONE[report.status]}>{t(`incidentCases.reportStatus.${report.status}`)}</StatusBadge>;
}

/** Who reported: the signed-in reporter, or the name and phone typed on the poster link (no account). */
export function reporterText(r: ReportDto, t: TFunction): string {
  if (r.reporter) return r.reporter.name;
  if (fromPosterLink(r)) {
    const who = [r.reporterName, r.reporterContact ? t('incidentCases.report.contact', { contact: r.reporterContact }) : null].filter(Boolean).join(' ');
    return who ? t('incidentCases.report.fromLinkNamed', { who }) : t('incidentCases.report.fromLink');
  }
  return r.reporterName ?? t('incidentCases.report.unknownReporter');
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="flex-start">
      <Text size="sm" fw={700} miw="6.5em" style={{ flexShrink: 0 }}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ overflowWrap: 'anywhere', minWidth: 0 }}>
        {children}
      </Text>
    </Group>
  );
}

/**
 * The facts of a report: what (as written), where, when it happened, when it came in, who reported, the photo
 * (a thumbnail opening the full picture), and what triage made of it (the case, or why it needs nothing).
 */
export function ReportFacts({ report: r, photoSize = 160 }: { report: ReportDto; photoSize?: number }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const where = [r.where, r.asset?.name].filter(Boolean).join(' / ');
  return (
    <Group align="flex-start" gap="md" wrap="wrap">
      <Stack gap={6} style={{ flex: '1 1 18rem', minWidth: 0 }}>
        <Fact label={t('incidentCases.report.where')}>{where || <Text span size="sm" c="dimmed">{t('incidentCases.report.noWhere')}</Text>}</Fact>
        <Fact label={t('incidentCases.report.when')}>
          {r.occurredAt ? fmt.dateTime(r.occurredAt) : <Text span size="sm" c="dimmed">{t('incidentCases.report.noWhen')}</Text>}
        </Fact>
        <Fact label={t('incidentCases.report.received')}>{t('common.withRelative', { absolute: fmt.dateTime(r.createdAt), relative: fmt.relative(r.createdAt) })}</Fact>
        <Fact label={t('incidentCases.report.reporter')}>{reporterText(r, t)}</Fact>
        {r.case ? (
          <Fact label={t('incidentCases.report.case')}>
            <Anchor component={Link} to={PATHS.incidentCase(r.case.id)} size="sm" data-testid="report-case-link">
              {t('incidentCases.report.caseLink', { number: r.case.number, title: r.case.title })}
            </Anchor>
          </Fact>
        ) : null}
        {r.dismissReason ? <Fact label={t('incidentCases.report.dismissReason')}>{r.dismissReason}</Fact> : null}
        {r.triagedBy && r.triagedAt ? <Fact label={t('incidentCases.report.triaged')}>{t('incidentCases.report.triagedBy', { name: r.triagedBy.name, date: fmt.dateTime(r.triagedAt) })}</Fact> : null}
      </Stack>
      {r.photo ? (
        <Anchor href={casePath.photo(r.id)} target="_blank" rel="noopener" aria-label={t('incidentCases.report.photoOpen')} style={{ flexShrink: 0 }}>
          {r.photo.contentType === 'image/heic' ? (
            <Group gap={4} p="xs" style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 4 }}>
              <IconPhoto size={18} aria-hidden />
              <Text size="sm">{t('incidentCases.report.photoHeic')}</Text>
            </Group>
          ) : (
            <Image src={casePath.photo(r.id)} alt={t('incidentCases.report.photoAlt')} w={photoSize} h={photoSize} fit="cover" radius="sm" loading="lazy" data-testid="report-photo" />
          )}
        </Anchor>
      ) : null}
    </Group>
  );
}

/** The three triage buttons with their keys (shown as <kbd> when `keys`). */
export function TriageButtons({ report, onAction, keys = false }: { report: ReportDto; onAction: (a: TriageAction) => void; keys?: boolean }) {
  const { t } = useTranslation();
  const short = titleFromReport(report.what);
  const key = (k: string) =>
    keys ? (
      <Kbd size="xs" ml={4} aria-hidden>
        {k}
      </Kbd>
    ) : null;
  return (
    <Group gap="xs" wrap="wrap">
      <Button size="sm" leftSection={<IconFolderPlus size={16} aria-hidden />} rightSection={key('o')} onClick={() => onAction('open')} aria-label={t('incidentCases.triage.openLabel', { what: short })} aria-keyshortcuts={keys ? 'o' : undefined}>
        {t('incidentCases.triage.open')}
      </Button>
      <Button size="sm" variant="default" leftSection={<IconArrowMerge size={16} aria-hidden />} rightSection={key('m')} onClick={() => onAction('merge')} aria-label={t('incidentCases.triage.mergeLabel', { what: short })} aria-keyshortcuts={keys ? 'm' : undefined}>
        {t('incidentCases.triage.merge')}
      </Button>
      <Button size="sm" variant="outline" color="gray.8" leftSection={<IconX size={16} aria-hidden />} rightSection={key('d')} onClick={() => onAction('dismiss')} aria-label={t('incidentCases.triage.dismissLabel', { what: short })} aria-keyshortcuts={keys ? 'd' : undefined}>
        {t('incidentCases.triage.dismiss')}
      </Button>
    </Group>
  );
}

/** The modal of one triage action on one report. `onDone` after a merge or a dismissal (opening a case navigates). */
export function TriageModal({ facilityId, report, action, onClose, onDone }: { facilityId: string; report: ReportDto; action: TriageAction; onClose: () => void; onDone?: () => void }) {
  if (action === 'open') return <CaseFormModal facilityId={facilityId} report={report} onClose={onClose} />;
  if (action === 'merge') return <MergeModal facilityId={facilityId} report={report} onClose={onClose} onDone={onDone} />;
  return <DismissModal report={report} onClose={onClose} onDone={onDone} />;
}

function Quote({ report }: { report: ReportDto }) {
  return (
    <Text size="sm" p="xs" bg="gray.0" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', borderLeft: '3px solid var(--mantine-color-gray-5)' }} lineClamp={6}>
      {report.what}
    </Text>
  );
}

function MergeModal({ facilityId, report, onClose, onDone }: { facilityId: string; report: ReportDto; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const changed = useIncidentsChanged();
  const cases = useOpenCases(facilityId);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const merge = useMutation({
    mutationFn: (id: string) => api.post<ReportDto>(casePath.merge(report.id), { caseId: id }),
    onSuccess: (r) => {
      changed();
      notify(t('incidentCases.triage.merged', { title: r.case?.title ?? '' }));
      onClose();
      onDone?.();
    },
  });
  const options = (cases.data?.items ?? []).map((c) => ({ value: c.id, label: `${c.number} ${c.title}` }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!caseId) {
      setError(t('incidentCases.triage.mergeRequired'));
      document.getElementById('merge-case')?.focus();
      return;
    }
    merge.mutate(caseId);
  };
  return (
    <Modal opened onClose={onClose} title={t('incidentCases.triage.mergeTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Quote report={report} />
          <Text size="sm">{t('incidentCases.triage.mergeHelp')}</Text>
          {cases.error ? <ErrorAlert error={cases.error} /> : null}
          {cases.data && options.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('incidentCases.triage.noOpenCases')}
            </Text>
          ) : (
            <Select
              id="merge-case"
              label={t('incidentCases.triage.mergeCase')}
              placeholder={cases.isPending ? t('common.loading') : t('common.selectPlaceholder')}
              data={options}
              value={caseId}
              onChange={(v) => {
                setCaseId(v);
                setError(null);
              }}
              searchable
              required
              error={error}
              nothingFoundMessage={t('common.nothingFound')}
              data-autofocus
              comboboxProps={{ withinPortal: true }}
            />
          )}
          <FormFooter hasErrors={false} error={merge.error} submitLabel={t('incidentCases.triage.mergeSubmit')} loading={merge.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function DismissModal({ report, onClose, onDone }: { report: ReportDto; onClose: () => void; onDone?: () => void }) {
  const { t } = useTranslation();
  const changed = useIncidentsChanged();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const dismiss = useMutation({
    mutationFn: () => api.post<ReportDto>(casePath.dismiss(report.id), { reason: reason.trim() }),
    onSuccess: () => {
      changed();
      notify(t('incidentCases.triage.dismissed'));
      onClose();
      onDone?.();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) {
      setError(t('incidentCases.triage.reasonRequired'));
      document.getElementById('dismiss-reason')?.focus();
      return;
    }
    dismiss.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('incidentCases.triage.dismissTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Quote report={report} />
          <Text size="sm">{t('incidentCases.triage.dismissHelp')}</Text>
          <ReasonField
            id="dismiss-reason"
            label={t('incidentCases.triage.reason')}
            placeholder={t('incidentCases.triage.reasonPlaceholder')}
            required
            value={reason}
            onChange={(v) => {
              setReason(v);
              setError(null);
            }}
            error={error}
            data-autofocus
          />
          <FormFooter hasErrors={false} error={dismiss.error} submitLabel={t('incidentCases.triage.dismissSubmit')} loading={dismiss.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

