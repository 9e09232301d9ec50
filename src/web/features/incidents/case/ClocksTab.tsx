import { useState } from 'react';
import { Alert, Badge, Box, Button, Card, Group, Modal, Progress, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconClockHour4, IconFileCheck, IconHelpCircle, IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormFooter } from '../../../components/FormModal.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat } from '../../../lib/format.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import type { CaseClockDto, FilingDto } from '../../../../shared/contracts/incident-clocks.contract.ts';
import { clockState, countdown, localInputValue, localToIso, progressPercent, sortClocks, type Countdown } from './case.ts';
import { casePath, useCaseChanged, useCaseClocks } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { useCaseLabels } from './labels.tsx';

/** The countdown in words ("2 d 3 h left" / "overdue by 1 d 4 h"). */
export function useCountdownText() {
  const { t } = useTranslation();
  return (cd: Countdown): string => {
    const span =
      cd.days > 0 ? t('incidentCase.clocks.span.days', { days: cd.days, hours: cd.hours }) : cd.hours > 0 ? t('incidentCase.clocks.span.hours', { hours: cd.hours, minutes: cd.minutes }) : t('incidentCase.clocks.span.minutes', { minutes: cd.minutes });
    return cd.overdue ? t('incidentCase.clocks.overdueBy', { span }) : t('incidentCase.clocks.left', { span });
  };
}

/** The deadlines tab: each legal clock of the case as a card, with the filing that stops it. */
export function ClocksTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const clocks = useCaseClocks(c.id);
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const fmt = useFormat();
  const [filing, setFiling] = useState<CaseClockDto | null>(null);
  const undo = useConfirmDelete(
    (f: FilingDto) => api.del(casePath.filing(f.id)),
    () => {
      changed();
      notify(t('incidentCase.clocks.undone'));
    },
  );
  if (!clocks.data) return clocks.error ? <ErrorAlert error={clocks.error} /> : <Loading />;
  const data = clocks.data;
  const now = Date.parse(data.now);
  const sorted = sortClocks(data.clocks);
  const undoClock = undo.target ? data.clocks.find((k) => k.filing?.id === undo.target!.id) : undefined;
  return (
    <Stack gap="md" component="section" aria-labelledby="case-clocks-title">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={2} size="h4" id="case-clocks-title">
          {t('incidentCase.clocks.title')}
        </Title>
        <Text size="xs" c="dimmed" data-testid="clock-rules-version">
          {t('incidentCase.clocks.ruleSet', { version: data.ruleSetVersion, at: fmt.dateTime(data.now) })}
        </Text>
      </Group>
      <Text size="sm" c="dimmed">
        {t('incidentCase.clocks.help', { at: fmt.dateTime(data.discoveredAt) })}
      </Text>
      {data.note ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {labels.text(data.note)}
        </Alert>
      ) : null}
      {sorted.length === 0 ? (
        <EmptyState icon={<IconClockHour4 size={28} />} title={t('incidentCase.clocks.emptyTitle')} description={t('incidentCase.clocks.empty')} />
      ) : (
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="md">
          {sorted.map((k) => (
            <ClockCard key={k.ruleId} clock={k} now={now} access={access} onFile={() => setFiling(k)} onUndo={(f) => undo.ask(f)} />
          ))}
        </SimpleGrid>
      )}
      {data.otherFilings.length > 0 ? (
        <Card withBorder radius="md" p="sm">
          <Text size="sm" fw={700}>
            {t('incidentCase.clocks.otherFilings')}
          </Text>
          {data.otherFilings.map((f) => (
            <Text key={f.id} size="sm">
              {t('incidentCase.clocks.otherFiling', { rule: f.ruleId, at: fmt.dateTime(f.filedAt), reference: f.reference ?? '—' })}
            </Text>
          ))}
        </Card>
      ) : null}
      {filing ? <FilingModal c={c} clock={filing} onClose={() => setFiling(null)} /> : null}
      <ConfirmModal
        {...undo.modal}
        title={t('incidentCase.clocks.undoTitle')}
        message={undoClock ? t('incidentCase.clocks.undoConfirm', { clock: `${labels.text(undoClock.authorityLabel)} ${labels.text(undoClock.kindLabel)}` }) : ''}
        confirmLabel={t('incidentCase.clocks.undo')}
        danger
      />
    </Stack>
  );
}

function ClockCard({ clock, now, access, onFile, onUndo }: { clock: CaseClockDto; now: number; access: CaseAccess; onFile: () => void; onUndo: (f: FilingDto) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const countdownText = useCountdownText();
  const st = clockState(clock);
  const filed = clock.filing;
  const cd = filed ? null : countdown(clock.dueAt, now);
  const outer = filed ? null : countdown(clock.outerDueAt, now);
  const pct = progressPercent(clock.status.fraction);
  const barColor = st.tone === 'danger' ? 'red' : st.tone === 'warn' ? 'orange' : st.tone === 'ok' ? 'green' : 'blue';
  const icon = st.key === 'filedOnTime' ? <IconCircleCheck size={14} aria-hidden /> : st.key === 'overdue' || st.key === 'filedLate' || st.key === 'running80' ? <IconAlertTriangle size={14} aria-hidden /> : <IconClockHour4 size={14} aria-hidden />;
  const title = `${labels.text(clock.authorityLabel)} ${labels.text(clock.kindLabel)}`;
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="article" aria-label={title} data-testid="clock-card" data-rule={clock.ruleId} data-state={st.key} style={st.tone === 'danger' ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}>
      <Stack gap={8}>
        <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
          <div style={{ minWidth: 0 }}>
            <Text fw={700} size="md" style={{ lineHeight: 1.5 }}>
              {labels.text(clock.authorityLabel)}
            </Text>
            <Text size="sm">{labels.text(clock.labels)}</Text>
          </div>
          <Badge variant="light" color={barColor} leftSection={icon} radius="sm" styles={{ root: { textTransform: 'none', flexShrink: 0 } }} data-testid="clock-state">
            {t(`incidentCase.clocks.state.${st.key}`)}
          </Badge>
        </Group>
        {clock.dueAt ? (
          <Text size="sm">
            <Text span fw={700}>
              {clock.soft ? t('incidentCase.clocks.target') : t('incidentCase.clocks.due')}
            </Text>{' '}
            {fmt.dateTime(clock.dueAt)}
          </Text>
        ) : (
          <Text size="sm" fw={700}>
            {t('incidentCase.clocks.noDue')}
          </Text>
        )}
        {clock.outerDueAt ? (
          <Text size="sm">
            <Text span fw={700}>
              {t('incidentCase.clocks.outer')}
            </Text>{' '}
            {fmt.dateTime(clock.outerDueAt)}
            {outer && !filed ? ` (${countdownText(outer)})` : ''}
          </Text>
        ) : null}
        {clock.dueAt ? (
          <Box className="case-clock-marks" mt={4}>
            <Progress value={pct} color={barColor} size="lg" radius="sm" aria-label={t('incidentCase.clocks.progressLabel', { title, pct: Math.round(pct) })} />
            <span className="case-clock-mark" style={{ left: '50%' }} aria-hidden />
            <span className="case-clock-mark" style={{ left: '80%' }} aria-hidden />
            <Box pos="relative" h={18} mt={2} aria-hidden>
              <Text size="xs" c="dimmed" pos="absolute" left={0}>
                {t('incidentCase.clocks.start')}
              </Text>
              <Text size="xs" c="dimmed" pos="absolute" left="50%" style={{ transform: 'translateX(-50%)' }}>
                50%
              </Text>
              <Text size="xs" c="dimmed" pos="absolute" left="80%" style={{ transform: 'translateX(-50%)' }}>
                80%
              </Text>
              <Text size="xs" c="dimmed" pos="absolute" right={0}>
                {t('incidentCase.clocks.end')}
              </Text>
            </Box>
          </Box>
        ) : null}
        {cd ? (
          <Text size="lg" fw={700} c={cd.overdue ? 'red.8' : undefined} data-testid="clock-countdown">
            {countdownText(cd)}
          </Text>
        ) : null}
        {filed ? (
          <Alert color={clock.status.late ? 'orange' : 'green'} variant="light" icon={<IconFileCheck aria-hidden />} p="xs" data-testid="clock-filed">
            <Text size="sm" fw={700}>
              {clock.status.late ? t('incidentCase.clocks.filedLate', { at: fmt.dateTime(filed.filedAt) }) : t('incidentCase.clocks.filedOnTime', { at: fmt.dateTime(filed.filedAt) })}
            </Text>
            {filed.reference ? <Text size="sm">{t('incidentCase.clocks.reference', { reference: filed.reference })}</Text> : null}
            {filed.note ? (
              <Text size="sm" className="case-prewrap">
                {filed.note}
              </Text>
            ) : null}
            {filed.createdBy ? (
              <Text size="xs" c="dimmed">
                {t('incidentCase.clocks.recordedBy', { name: filed.createdBy.name })}
              </Text>
            ) : null}
          </Alert>
        ) : null}
        <Text size="xs" c="dimmed">
          {t('incidentCase.clocks.basis', { basis: labels.text(clock.basis) })}
        </Text>
        {clock.note ? (
          <Text size="xs" c="dimmed">
            {labels.text(clock.note)}
          </Text>
        ) : null}
        {!clock.verified ? (
          <Group gap={4} wrap="nowrap" align="flex-start">
            <IconHelpCircle size={14} aria-hidden style={{ flexShrink: 0, marginTop: 3 }} />
            <Text size="xs" c="orange.9">
              {t('incidentCase.clocks.unverified')}
            </Text>
          </Group>
        ) : null}
        {clock.soft ? (
          <Text size="xs" c="dimmed">
            {t('incidentCase.clocks.soft')}
          </Text>
        ) : null}
        <Group gap="xs" className="no-print">
          {!filed && access.write ? (
            <Button size="sm" leftSection={<IconFileCheck size={16} aria-hidden />} onClick={onFile} aria-label={t('incidentCase.clocks.fileLabel', { title })}>
              {t('incidentCase.clocks.file')}
            </Button>
          ) : null}
          {filed && access.manage ? (
            <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => onUndo(filed)} aria-label={t('incidentCase.clocks.undoLabel', { title })}>
              {t('incidentCase.clocks.undo')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </Card>
  );
}

/** Record the filing: when it was filed (JST), the reference (receipt number or how it was sent), a note. */
function FilingModal({ c, clock, onClose }: { c: CaseDetailDto; clock: CaseClockDto; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const [filedAt, setFiledAt] = useState(() => localInputValue(Date.now()));
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [invalid, setInvalid] = useState(false);
  const title = `${labels.text(clock.authorityLabel)} ${labels.text(clock.kindLabel)}`;
  const m = useMutation({
    mutationFn: (iso: string) => api.post<FilingDto>(casePath.filings(c.id), { ruleId: clock.ruleId, filedAt: iso, reference: reference.trim() || null, note: note.trim() || null }),
    onSuccess: () => {
      changed();
      notify(t('incidentCase.clocks.filedToast', { title }));
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('incidentCase.clocks.fileTitle', { title })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const iso = localToIso(filedAt);
          if (!iso) {
            setInvalid(true);
            return;
          }
          m.mutate(iso);
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('incidentCase.clocks.fileHelp')}
          </Text>
          <TextInput
            type="datetime-local"
            label={t('incidentCase.clocks.filedAt')}
            description={t('incidentCase.jstNote')}
            required
            value={filedAt}
            onChange={(e) => {
              setFiledAt(e.currentTarget.value);
              setInvalid(false);
            }}
            error={invalid ? t('incidentCase.invalidDateTime') : undefined}
          />
          <TextInput label={t('incidentCase.clocks.referenceLabel')} description={t('incidentCase.clocks.referenceHelp')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} maxLength={200} />
          <Textarea label={t('incidentCase.clocks.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={2000} />
          <FormFooter hasErrors={false} error={m.error} submitLabel={t('incidentCase.clocks.fileSubmit')} loading={m.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

