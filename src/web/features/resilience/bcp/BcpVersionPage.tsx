import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Grid, Group, List, NativeSelect, NavLink, Stack, Text, Textarea } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconCircleDashed, IconFileTypePdf, IconInfoCircle, IconPrinter, IconSend, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { BackLink, DetailPending } from '../../../components/DetailPage.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { ReasonField } from '../../../components/ReasonField.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { BCP_SECTION_LABELS, BCP_SECTIONS, BCP_STATUS_LABELS, bcpCompleteness, bcpVersionLabel, type BcpSection } from '../../../../shared/resilience/bcp.ts';
import type { BcpVersionDto } from '../../../../shared/contracts/resilience-bcp.contract.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { downloadFile } from './binder.ts';
import { BasicsSection, ChecklistSection, CommandSection, DepartmentsSection, MessagesSection, RecoverySection, TriggersSection, type SectionProps } from './BcpSections.tsx';
import { bcpPath, bcpStatusTone, missingSectionsOf, sectionFrom, useBcpChanged, useBcpVersion } from './bcp.ts';
import { BcpSaveStatus } from './BcpSaveStatus.tsx';
import { useBcpAutosave } from './useBcpAutosave.ts';

/**
 * One BCP version: a structured editor with a section list (a select on phones), autosave with its state in words, and
 * the workflow bar (submit / return / approve / delete) by permission; approved and superseded versions are read-only.
 */
export function BcpVersionPage() {
  const { t } = useTranslation();
  const { versionId = '' } = useParams();
  const q = useBcpVersion(versionId);
  const back = <BackLink to={PATHS.bcp}>{t('resilienceBcp.version.back')}</BackLink>;
  if (!q.data) return <DetailPending back={back} title={t('resilienceBcp.list.title')} query={q} notFound={t('resilienceBcp.version.notFound')} />;
  return <Editor key={q.data.id} v={q.data} back={back} />;
}

function Editor({ v, back }: { v: BcpVersionDto; back: React.ReactNode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const [params, setParams] = useSearchParams();
  const section = sectionFrom(params.get('section'));
  const editable = v.can.edit && v.status === 'draft';
  const auto = useBcpAutosave(v, editable);
  const readOnly = !editable || auto.state === 'conflict';
  const completeness = bcpCompleteness(auto.content);
  const [removing, setRemoving] = useState<{ name: string; remove: () => void } | null>(null);
  const label = bcpVersionLabel(v.number, fmt.locale);
  const canReadContacts = perm.isAdmin || perm.can('contacts.read', v.facilityId);
  const canReadLedger = perm.isAdmin || perm.can('ledger.read', v.facilityId);

  const go = (s: BcpSection) => {
    const next = new URLSearchParams(params);
    if (s === 'basics') next.delete('section');
    else next.set('section', s);
    setParams(next, { replace: true });
  };

  const props: SectionProps = { content: auto.content, update: auto.update, readOnly, askRemove: (name, remove) => setRemoving({ name, remove }) };
  const body = (s: BcpSection) =>
    s === 'basics' ? (
      <BasicsSection {...props} />
    ) : s === 'triggers' ? (
      <TriggersSection {...props} />
    ) : s === 'command' ? (
      <CommandSection {...props} facilityId={v.facilityId} canReadContacts={canReadContacts} />
    ) : s === 'departments' ? (
      <DepartmentsSection {...props} />
    ) : s === 'recovery' ? (
      <RecoverySection {...props} facilityId={v.facilityId} canReadLedger={canReadLedger} />
    ) : s === 'messages' ? (
      <MessagesSection {...props} facilityName={currentFacility?.name ?? ''} />
    ) : (
      <ChecklistSection {...props} />
    );

  const statusOf = (s: BcpSection) => completeness.sections.find((x) => x.section === s)?.status ?? 'missing';
  const statusIcon = (s: BcpSection) =>
    statusOf(s) === 'filled' ? <IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-8)" /> : statusOf(s) === 'partial' ? <IconCircleDashed size={16} aria-hidden color="var(--mantine-color-orange-8)" /> : <IconAlertTriangle size={16} aria-hidden color="var(--mantine-color-red-8)" />;
  const statusWord = (s: BcpSection) => t(`resilienceBcp.editor.sectionStatus.${statusOf(s)}`);

  return (
    <>
      {back}
      <PageHeader
        title={t('resilienceBcp.version.title', { version: label })}
        description={<VersionMeta v={v} />}
        actions={<ExportButtons v={v} />}
      />
      <Stack gap="md">
        <Group gap="sm" wrap="wrap" justify="space-between">
          <Group gap="sm" wrap="wrap">
            <span data-testid="bcp-version-status" data-status={v.status}>
              <StatusBadge tone={bcpStatusTone(v.status)}>{BCP_STATUS_LABELS[v.status][fmt.locale]}</StatusBadge>
            </span>
            {editable ? <BcpSaveStatus state={auto.state === 'conflict' || auto.state === 'error' ? 'idle' : auto.state} /> : null}
          </Group>
        </Group>
        {auto.state === 'conflict' || auto.state === 'error' ? <BcpSaveStatus state={auto.state} error={auto.error} onReload={() => void auto.reload()} onRetry={auto.retry} /> : null}
        <ReadOnlyNote v={v} editable={editable} />
        {v.status === 'draft' && v.lastReturn ? (
          <Alert color="orange" variant="light" icon={<IconArrowBackUp aria-hidden />} title={t('resilienceBcp.version.returnedTitle')} data-testid="bcp-returned">
            <Text size="sm">{t('resilienceBcp.version.returnedBy', { by: v.lastReturn.by, at: fmt.dateTime(v.lastReturn.at) })}</Text>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {v.lastReturn.reason}
            </Text>
          </Alert>
        ) : null}
        <Workflow v={v} flush={auto.flush} saveBlocked={auto.state === 'conflict'} />
        <Grid gutter="md">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <NativeSelect
              hiddenFrom="md"
              label={t('resilienceBcp.editor.sectionSelect')}
              value={section}
              onChange={(e) => go(sectionFrom(e.currentTarget.value))}
              data={BCP_SECTIONS.map((s) => ({ value: s, label: `${BCP_SECTION_LABELS[s][fmt.locale]} (${statusWord(s)})` }))}
            />
            <Card withBorder radius="md" p="xs" visibleFrom="md" component="nav" aria-label={t('resilienceBcp.editor.sectionNav')}>
              <Stack gap={2}>
                {BCP_SECTIONS.map((s) => (
                  <NavLink
                    key={s}
                    component="button"
                    type="button"
                    active={section === s}
                    aria-current={section === s ? 'true' : undefined}
                    onClick={() => go(s)}
                    leftSection={statusIcon(s)}
                    label={BCP_SECTION_LABELS[s][fmt.locale]}
                    description={statusWord(s)}
                    variant="light"
                    styles={{ description: { color: 'var(--mantine-color-gray-8)' } }}
                    data-testid="bcp-section-link"
                    data-section={s}
                  />
                ))}
              </Stack>
            </Card>
            <CompletenessSummary completeness={completeness} onGo={go} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <SectionCard id={`bcp-section-${section}`} title={BCP_SECTION_LABELS[section][fmt.locale]} aside={<StatusBadge tone={statusOf(section) === 'filled' ? 'ok' : statusOf(section) === 'partial' ? 'warn' : 'danger'}>{statusWord(section)}</StatusBadge>}>
              {body(section)}
            </SectionCard>
          </Grid.Col>
        </Grid>
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        title={t('resilienceBcp.editor.removeTitle')}
        message={removing ? t('resilienceBcp.editor.removeConfirm', { name: removing.name }) : ''}
        confirmLabel={t('resilienceBcp.editor.removeSubmit')}
        danger
        onConfirm={() => {
          removing?.remove();
          setRemoving(null);
        }}
        onClose={() => setRemoving(null)}
      />
    </>
  );
}

function VersionMeta({ v }: { v: BcpVersionDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const parts = [t('resilienceBcp.version.created', { at: fmt.dateTime(v.createdAt), by: v.createdBy?.name ?? t('resilienceBcp.version.system') })];
  if (v.submittedAt) parts.push(t('resilienceBcp.version.submitted', { at: fmt.dateTime(v.submittedAt), by: v.submittedBy?.name ?? t('resilienceBcp.version.system') }));
  if (v.approvedAt) parts.push(t('resilienceBcp.version.approved', { at: fmt.dateTime(v.approvedAt), by: v.approverName ?? v.approvedBy?.name ?? t('resilienceBcp.version.system') }));
  if (v.reviewDueOn) parts.push(t('resilienceBcp.version.reviewDue', { date: fmt.date(v.reviewDueOn) }));
  return (
    <>
      {parts.join(' / ')}
      {v.approvalNote ? (
        <>
          <br />
          {t('resilienceBcp.version.approvalNote', { note: v.approvalNote })}
        </>
      ) : null}
    </>
  );
}

function ReadOnlyNote({ v, editable }: { v: BcpVersionDto; editable: boolean }) {
  const { t } = useTranslation();
  if (editable) return null;
  const key =
    v.status === 'approved' ? 'approved' : v.status === 'superseded' ? 'superseded' : v.status === 'in_review' ? (v.can.approve ? 'inReviewApprover' : 'inReview') : 'noPermission';
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} data-testid="bcp-readonly">
      {t(`resilienceBcp.version.readOnly.${key}`)}
    </Alert>
  );
}

function ExportButtons({ v }: { v: BcpVersionDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const pdf = useMutation({ mutationFn: () => downloadFile(`/bcp-versions/${encodeURIComponent(v.id)}/export`, { format: 'pdf', lang: fmt.locale }, `bcp-${v.number}.pdf`, fmt.locale) });
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="sm" wrap="wrap">
        <Button component="a" href={bcpPath.export(v.id, 'html', fmt.locale)} target="_blank" rel="noopener" variant="default" leftSection={<IconPrinter size={16} aria-hidden />}>
          {t('resilienceBcp.version.print')}
        </Button>
        <Button variant="default" leftSection={<IconFileTypePdf size={16} aria-hidden />} loading={pdf.isPending} onClick={() => pdf.mutate()}>
          {t('resilienceBcp.version.pdf')}
        </Button>
      </Group>
      {pdf.error ? <ErrorAlert error={pdf.error} onClose={() => pdf.reset()} /> : null}
    </Stack>
  );
}

/** Which sections are complete: the list people fix before asking for approval. */
function CompletenessSummary({ completeness, onGo }: { completeness: ReturnType<typeof bcpCompleteness>; onGo: (s: BcpSection) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const open = completeness.sections.filter((s) => s.status !== 'filled');
  return (
    <Card withBorder radius="md" p="sm" mt="sm" component="section" aria-labelledby="bcp-completeness" data-testid="bcp-completeness" data-complete={completeness.complete ? 'true' : 'false'}>
      <Text fw={700} size="sm" id="bcp-completeness" mb={4}>
        {t('resilienceBcp.editor.completenessTitle')}
      </Text>
      <Group gap={6} wrap="nowrap" mb={4}>
        {completeness.complete ? <IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-8)" /> : <IconAlertTriangle size={16} aria-hidden color="var(--mantine-color-orange-8)" />}
        <Text size="sm">{completeness.complete ? t('resilienceBcp.editor.complete') : t('resilienceBcp.editor.incomplete', { n: completeness.missingRequired.length })}</Text>
      </Group>
      <Text size="xs" c="dimmed" mb={4}>
        {t('resilienceBcp.editor.checklistProgress', { done: completeness.checklist.checked, total: completeness.checklist.total })}
      </Text>
      {open.length > 0 ? (
        <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {open.map((s) => (
            <li key={s.section}>
              <Anchor component="button" type="button" size="xs" underline="always" ta="left" onClick={() => onGo(s.section)}>
                {s.sentence[fmt.locale]}
              </Anchor>
            </li>
          ))}
        </Stack>
      ) : null}
    </Card>
  );
}

type Step = 'submit' | 'return' | 'approve' | 'delete' | null;

/** The workflow bar: only what this person may do now (the server decides again). */
function Workflow({ v, flush, saveBlocked }: { v: BcpVersionDto; flush: () => Promise<number>; saveBlocked: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const changed = useBcpChanged();
  const [step, setStep] = useState<Step>(null);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [tried, setTried] = useState(false);
  const label = bcpVersionLabel(v.number, fmt.locale);

  const act = useMutation({
    mutationFn: async (s: Exclude<Step, null>) => {
      if (s === 'submit') {
        const version = await flush();
        return api.post<BcpVersionDto>(bcpPath.submit(v.id), { expectedVersion: version });
      }
      if (s === 'return') return api.post<BcpVersionDto>(bcpPath.return(v.id), { reason: reason.trim(), expectedVersion: v.version });
      if (s === 'approve') return api.post<BcpVersionDto>(bcpPath.approve(v.id), { note: note.trim() || null, expectedVersion: v.version });
      await api.del(bcpPath.version(v.id));
      return null;
    },
    onSuccess: (_res, s) => {
      changed();
      setStep(null);
      setReason('');
      setNote('');
      notify(t(`resilienceBcp.workflow.${s}.done`, { version: label }));
      if (s === 'delete') void navigate(PATHS.bcp);
    },
  });
  const missing = step === 'submit' ? missingSectionsOf(act.error) : [];
  const ask = (s: Step) => {
    act.reset();
    setTried(false);
    setStep(s);
  };
  const actions = [
    v.can.submit ? (
      <Button key="submit" leftSection={<IconSend size={16} aria-hidden />} onClick={() => ask('submit')} disabled={saveBlocked}>
        {t('resilienceBcp.workflow.submit.button')}
      </Button>
    ) : null,
    v.can.approve ? (
      <Button key="approve" color="green" leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={() => ask('approve')}>
        {t('resilienceBcp.workflow.approve.button')}
      </Button>
    ) : null,
    v.can.return ? (
      <Button key="return" variant="default" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => ask('return')}>
        {t('resilienceBcp.workflow.return.button')}
      </Button>
    ) : null,
    v.can.delete ? (
      <Button key="delete" variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => ask('delete')}>
        {t('resilienceBcp.workflow.delete.button')}
      </Button>
    ) : null,
  ].filter(Boolean);
  if (actions.length === 0) return null;

  return (
    <Card withBorder radius="md" p="sm" component="section" aria-label={t('resilienceBcp.workflow.label')} className="no-print" data-testid="bcp-workflow">
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Text size="sm">{t(`resilienceBcp.workflow.hint.${v.status}`)}</Text>
        <Group gap="sm" wrap="wrap">
          {actions}
        </Group>
      </Group>
      <ConfirmModal
        opened={step === 'submit'}
        title={t('resilienceBcp.workflow.submit.title', { version: label })}
        message={t('resilienceBcp.workflow.submit.confirm', { version: label })}
        confirmLabel={t('resilienceBcp.workflow.submit.submit')}
        loading={act.isPending}
        error={missing.length > 0 ? null : act.error}
        onConfirm={() => act.mutate('submit')}
        onClose={() => setStep(null)}
      >
        {missing.length > 0 ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" title={t('resilienceBcp.workflow.submit.refused')} data-testid="bcp-submit-missing">
            <List size="sm" spacing={2}>
              {missing.map((s) => (
                <List.Item key={s}>{BCP_SECTION_LABELS[s][fmt.locale]}</List.Item>
              ))}
            </List>
          </Alert>
        ) : null}
      </ConfirmModal>
      <ConfirmModal
        opened={step === 'approve'}
        title={t('resilienceBcp.workflow.approve.title', { version: label })}
        message={t('resilienceBcp.workflow.approve.confirm', { version: label })}
        confirmLabel={t('resilienceBcp.workflow.approve.submit', { version: label })}
        loading={act.isPending}
        error={act.error}
        onConfirm={() => act.mutate('approve')}
        onClose={() => setStep(null)}
      >
        <Textarea id="bcp-approve-note" label={t('resilienceBcp.workflow.approve.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
      </ConfirmModal>
      <ConfirmModal
        opened={step === 'return'}
        title={t('resilienceBcp.workflow.return.title', { version: label })}
        message={t('resilienceBcp.workflow.return.confirm', { version: label })}
        confirmLabel={t('resilienceBcp.workflow.return.submit')}
        loading={act.isPending}
        error={act.error}
        onConfirm={() => {
          setTried(true);
          if (reason.trim()) act.mutate('return');
        }}
        onClose={() => setStep(null)}
      >
        <ReasonField id="bcp-return-reason" label={t('resilienceBcp.workflow.return.reason')} withAsterisk value={reason} onChange={setReason} error={tried && !reason.trim() ? t('resilienceBcp.workflow.return.reasonRequired') : undefined} />
      </ConfirmModal>
      <ConfirmModal
        opened={step === 'delete'}
        title={t('resilienceBcp.workflow.delete.title', { version: label })}
        message={t('resilienceBcp.workflow.delete.confirm', { version: label })}
        confirmLabel={t('resilienceBcp.workflow.delete.submit')}
        danger
        loading={act.isPending}
        error={act.error}
        onConfirm={() => act.mutate('delete')}
        onClose={() => setStep(null)}
      >
        <Badge variant="light" color="red" radius="sm" style={{ textTransform: 'none' }}>
          {t('resilienceBcp.workflow.delete.warning')}
        </Badge>
      </ConfirmModal>
    </Card>
  );
}
