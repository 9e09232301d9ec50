import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Badge, Button, Group, NativeSelect, Stack, Tabs, Text, Textarea, ThemeIcon, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconCheck, IconClockHour4, IconFileTypePdf, IconFileTypeHtml, IconInfoCircle, IconLock, IconLockOpen, IconPencil, IconPrinter } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { BackLink, DetailPending } from '../../../components/DetailPage.tsx';
import { useErrorText } from '../../../components/errors.ts';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { useSetupStatus } from '../../session/session.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { CASE_PHASES, type CasePhase } from '../../../../shared/incidents/cases.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { CASE_TABS, clockState, countdown, phaseState, sortClocks, tabFrom, type CaseTab } from './case.ts';
import { casePath, useCase, useCaseChanged, useCaseClocks, useReview } from './caseApi.ts';
import { SeverityBadge, TlpBadge, useCaseLabels } from './labels.tsx';
import { useCountdownText } from './ClocksTab.tsx';
import { EditCaseModal } from './EditCaseModal.tsx';
import { OverviewTab } from './OverviewTab.tsx';
import { TasksTab } from './TasksTab.tsx';
import { ClocksTab } from './ClocksTab.tsx';
import { TimelineTab } from './TimelineTab.tsx';
import { ImpactTab } from './ImpactTab.tsx';
import { CommsTab } from './CommsTab.tsx';
import { EvidenceTab } from './EvidenceTab.tsx';
import { DraftsTab } from './DraftsTab.tsx';
import { ReviewTab } from './ReviewTab.tsx';
import '../../../components/print-sheet.css';
import './case.css';


/** What the signed-in user may do on this case (the server decides; this only hides controls). */
export interface CaseAccess {
  /** incident.write and the case is open. */
  write: boolean;
  /** incident.write, open or closed (custody entries go on after closing). */
  writer: boolean;
  /** incident.manage (close, reopen, undo a filing). */
  manage: boolean;
  /** incident.review (the after-incident review). */
  review: boolean;
  /** The signed-in user's id (own notes may be deleted). */
  userId: string;
}

/**
 * One incident case (/incidents/cases/:id): the page staff live in during an attack. The header (number, title, badges,
 * the five phases, close/reopen), then the tabs (?tab=), each in its own file. Read-only without incident.write or
 * once the case is closed.
 */
export function CasePage() {
  const { t } = useTranslation();
  const { caseId = '' } = useParams();
  const query = useCase(caseId);
  const back = <BackLink to={PATHS.incidents} className="no-print">{t('incidentCase.back')}</BackLink>;
  if (!query.data) return <DetailPending back={back} title={t('incidentCase.title')} query={query} notFound={t('incidentCase.notFound')} />;
  return <CaseView c={query.data} back={back} />;
}

function CaseView({ c, back }: { c: CaseDetailDto; back: ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const perm = usePermissions();
  const { me, currentFacility } = useSession();
  const version = useSetupStatus().data?.version ?? '';
  const narrow = useMediaQuery('(max-width: 48em)');
  const [params, setParams] = useSearchParams();
  const tab = tabFrom(params.get('tab'));
  const open = c.status === 'open';
  const can = (p: 'incident.write' | 'incident.manage' | 'incident.review') => perm.isAdmin || perm.can(p, c.facilityId);
  const access: CaseAccess = { write: open && can('incident.write'), writer: can('incident.write'), manage: can('incident.manage'), review: can('incident.review'), userId: me.user.id };
  const [closing, setClosing] = useState<'close' | 'reopen' | null>(null);
  const [editing, setEditing] = useState(false);
  const [printAll, setPrintAll] = useState(false);
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());

  const setTab = (v: string | null) => {
    const next = tabFrom(v);
    setParams(
      (p) => {
        const n = new URLSearchParams(p);
        if (next === 'overview') n.delete('tab');
        else n.set('tab', next);
        return n;
      },
      { replace: true },
    );
  };

  // Print: the overview, the clocks and the timeline stacked (the button); Ctrl+P prints the tab on screen.
  useEffect(() => {
    if (!printAll) return;
    const done = () => setPrintAll(false);
    window.addEventListener('afterprint', done);
    const timer = window.setTimeout(() => window.print(), 400);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('afterprint', done);
    };
  }, [printAll]);

  const tabLabel = (k: CaseTab) => t(`incidentCase.tabs.${k}`);

  return (
    <>
      {back}
      <Text className="print-only" size="sm" mb="xs">
        {t('incidentCase.print.header', { facility: currentFacility?.name ?? '' })}
      </Text>
      <PageHeader
        title={`${c.number} ${c.title}`}
        actions={
          <>
            {access.write ? (
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)} data-testid="case-edit">
                {t('incidentCase.edit.button')}
              </Button>
            ) : null}
            <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => { setPrintedAt(new Date().toISOString()); setPrintAll(true); }}>
              {t('incidentCase.print.button')}
            </Button>
            <Button component="a" href={casePath.caseExport(c.id, 'pdf', fmt.locale)} download variant="default" leftSection={<IconFileTypePdf size={16} aria-hidden />} data-testid="case-report-pdf">
              {t('incidentCase.print.reportPdf')}
            </Button>
            <Button component="a" href={casePath.caseExport(c.id, 'html', fmt.locale)} target="_blank" rel="noopener" variant="default" leftSection={<IconFileTypeHtml size={16} aria-hidden />} data-testid="case-report-html">
              {t('incidentCase.print.reportHtml')}
            </Button>
            {access.manage && open ? (
              <Button variant="outline" color="gray" leftSection={<IconLock size={16} aria-hidden />} onClick={() => setClosing('close')}>
                {t('incidentCase.close.button')}
              </Button>
            ) : null}
            {access.manage && !open ? (
              <Button variant="outline" leftSection={<IconLockOpen size={16} aria-hidden />} onClick={() => setClosing('reopen')}>
                {t('incidentCase.reopen.button')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="md">
        <Group gap="xs" wrap="wrap" data-testid="case-badges">
          <SeverityBadge severity={c.severity} label={t('incidentCase.badges.severity', { value: labels.severity(c.severity) })} />
          <TlpBadge tlp={c.tlp} />
          <Badge variant="light" color="gray" radius="sm" styles={{ root: { textTransform: 'none' } }}>
            {labels.category(c.category)}
          </Badge>
          {open ? <StatusBadge tone="info">{t('incidentCase.status.open')}</StatusBadge> : <StatusBadge tone="neutral">{t('incidentCase.status.closed')}</StatusBadge>}
          <Text size="sm" fw={600}>
            {t('incidentCase.badges.discovered', { at: fmt.dateTime(c.discoveredAt) })}
          </Text>
        </Group>
        {!open ? (
          <Alert color="gray" variant="light" icon={<IconLock aria-hidden />} data-testid="case-closed">
            {t('incidentCase.closedNote', { at: c.closedAt ? fmt.dateTime(c.closedAt) : '' })}
          </Alert>
        ) : !access.write ? (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} className="no-print">
            {t('incidentCase.readOnly')}
          </Alert>
        ) : null}
        <PhaseStepper c={c} canMove={access.write} />
        <NextDeadline caseId={c.id} onOpen={() => setTab('clocks')} />

        {printAll ? (
          <div className="case-print-all print-only">
            <div className="case-print-block">
              <OverviewTab c={c} access={{ ...access, write: false, writer: false }} />
            </div>
            <div className="case-print-block">
              <ClocksTab c={c} access={{ ...access, write: false, writer: false, manage: false }} />
            </div>
            <div className="case-print-block">
              <TimelineTab c={c} access={{ ...access, write: false, writer: false }} />
            </div>
          </div>
        ) : null}
        <div className={`case-tabs${printAll ? ' case-printing' : ''}`}>
          {narrow ? (
            <NativeSelect
              className="no-print"
              label={t('incidentCase.tabs.label')}
              value={tab}
              onChange={(e) => setTab(e.currentTarget.value)}
              data={CASE_TABS.map((k) => ({ value: k, label: tabLabel(k) }))}
              mb="sm"
            />
          ) : null}
          <Tabs value={tab} onChange={setTab} keepMounted={false} variant="outline">
            {narrow ? null : (
              <Tabs.List className="no-print" mb="md" aria-label={t('incidentCase.tabs.label')}>
                {CASE_TABS.map((k) => (
                  <Tabs.Tab key={k} value={k}>
                    {tabLabel(k)}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
            )}
            <Tabs.Panel value="overview">
              <OverviewTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="tasks">
              <TasksTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="clocks">
              <ClocksTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="timeline">
              <TimelineTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="impact">
              <ImpactTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="comms">
              <CommsTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="evidence">
              <EvidenceTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="drafts">
              <DraftsTab c={c} access={access} />
            </Tabs.Panel>
            <Tabs.Panel value="review">
              <ReviewTab c={c} access={access} />
            </Tabs.Panel>
          </Tabs>
        </div>
      </Stack>
      <Text className="print-only" size="xs" mt="lg" c="dimmed">
        {t('incidentCase.print.footer', { at: fmt.dateTime(printedAt), version })}
      </Text>
      {editing && access.write ? <EditCaseModal c={c} onClose={() => setEditing(false)} /> : null}
      {closing ? <CloseModal c={c} mode={closing} onClose={() => setClosing(null)} /> : null}
    </>
  );
}

/** The five phases of seed 002 as steps; the current one is framed, marked as current in words and aria-current (not colour alone). */
function PhaseStepper({ c, canMove }: { c: CaseDetailDto; canMove: boolean }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const errorText = useErrorText();
  const [announce, setAnnounce] = useState('');
  const move = useMutation({
    mutationFn: (phase: CasePhase) => api.post<CaseDetailDto>(casePath.phase(c.id), { phase }),
    onSuccess: (_d, phase) => {
      changed();
      const text = t('incidentCase.phase.moved', { phase: labels.phase(phase) });
      setAnnounce(text);
      notify(text);
    },
    onError: (e) => {
      const { title, detail } = errorText(e);
      notify(detail ?? title, { color: 'red', title: detail ? title : undefined });
    },
  });
  const openOf = (p: CasePhase) => c.tasks.find((g) => g.phase === p)?.open ?? 0;
  return (
    <section aria-label={t('incidentCase.phase.label')}>
      <ol className="case-phases" data-testid="phase-stepper">
        {CASE_PHASES.map((p, i) => {
          const state = phaseState(p, c.phase);
          const current = state === 'current';
          const n = openOf(p);
          const body = (
            <>
              <ThemeIcon size={26} radius="xl" variant={current ? 'filled' : 'light'} color={state === 'upcoming' ? 'gray' : 'blue'} aria-hidden>
                {state === 'done' ? <IconCheck size={16} /> : <Text size="sm" fw={700}>{i + 1}</Text>}
              </ThemeIcon>
              <Stack gap={0} style={{ minWidth: 0 }}>
                <Text size="sm" fw={current ? 700 : 500} style={{ lineHeight: 1.4 }}>
                  {labels.phase(p)}
                </Text>
                <Text size="xs" c={current ? 'blue.9' : 'dimmed'} fw={current ? 700 : 400}>
                  {current ? t('incidentCase.phase.current') : state === 'done' ? t('incidentCase.phase.done') : t('incidentCase.phase.upcoming')}
                  {n > 0 ? ` · ${t('incidentCase.phase.openTasks', { count: n })}` : ''}
                </Text>
              </Stack>
            </>
          );
          return (
            <li key={p}>
              {canMove && !current ? (
                <button
                  type="button"
                  className="case-phase"
                  data-state={state}
                  disabled={move.isPending}
                  onClick={() => move.mutate(p)}
                  aria-label={t('incidentCase.phase.moveTo', { n: i + 1, phase: labels.phase(p) })}
                >
                  {body}
                </button>
              ) : (
                <div className="case-phase" data-state={state} aria-current={current ? 'step' : undefined}>
                  {body}
                </div>
              )}
            </li>
          );
        })}
      </ol>
      <VisuallyHidden role="status" aria-live="polite">
        {announce}
      </VisuallyHidden>
    </section>
  );
}

/** The soonest running legal deadline, one sentence, so the danger is visible from every tab. */
function NextDeadline({ caseId, onOpen }: { caseId: string; onOpen: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const clocks = useCaseClocks(caseId);
  const countdownText = useCountdownText();
  if (!clocks.data) return null;
  const now = Date.parse(clocks.data.now);
  const next = sortClocks(clocks.data.clocks).find((k) => k.status.state !== 'filed' && k.dueAt !== null);
  if (!next) return null;
  const st = clockState(next);
  const cd = countdown(next.dueAt, now);
  return (
    <Alert
      color={st.tone === 'danger' ? 'red' : st.tone === 'warn' ? 'orange' : 'blue'}
      variant="light"
      icon={st.tone === 'danger' ? <IconAlertTriangle aria-hidden /> : <IconClockHour4 aria-hidden />}
      className="no-print"
      data-testid="next-deadline"
    >
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          {t('incidentCase.nextDeadline', {
            label: labels.text(next.labels),
            due: fmt.dateTime(next.dueAt!),
            left: cd ? countdownText(cd) : '',
          })}
        </Text>
        <Button size="compact-sm" variant="subtle" onClick={onOpen}>
          {t('incidentCase.nextDeadlineOpen')}
        </Button>
      </Group>
    </Alert>
  );
}

/** Close the case or reopen it, with a note; closing warns while the after-incident review is not completed. */
function CloseModal({ c, mode, onClose }: { c: CaseDetailDto; mode: 'close' | 'reopen'; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useCaseChanged();
  const review = useReview(c.id);
  const [note, setNote] = useState('');
  const m = useMutation({
    mutationFn: () => api.post<CaseDetailDto>(mode === 'close' ? casePath.close(c.id) : casePath.reopen(c.id), note.trim() ? { note: note.trim() } : {}),
    onSuccess: () => {
      changed();
      notify(t(mode === 'close' ? 'incidentCase.close.done' : 'incidentCase.reopen.done', { number: c.number }));
      onClose();
    },
  });
  const reviewIncomplete = mode === 'close' && review.data !== undefined && review.data.completedAt === null;
  return (
    <ConfirmModal
      opened
      title={t(mode === 'close' ? 'incidentCase.close.title' : 'incidentCase.reopen.title')}
      message={t(mode === 'close' ? 'incidentCase.close.confirm' : 'incidentCase.reopen.confirm', { number: c.number, title: c.title })}
      confirmLabel={t(mode === 'close' ? 'incidentCase.close.button' : 'incidentCase.reopen.button')}
      danger={mode === 'close'}
      loading={m.isPending}
      error={m.error}
      onConfirm={() => m.mutate()}
      onClose={onClose}
    >
      {reviewIncomplete ? (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} data-testid="close-review-warning">
          {t('incidentCase.close.reviewIncomplete')}
        </Alert>
      ) : null}
      <Textarea label={t('incidentCase.close.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
    </ConfirmModal>
  );
}
