import { useMemo, useState, type ReactNode } from 'react';
import { Button, Group, Paper, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, ThemeIcon, Title } from '@mantine/core';
import {
  IconBolt,
  IconFileCheck,
  IconFlag,
  IconNote,
  IconPhoneCall,
  IconPlus,
  IconSettings,
  IconShieldCheck,
  IconUserExclamation,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { notify } from '../../../components/notify.ts';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat } from '../../../lib/format.ts';
import type { TimelineKind } from '../../../../shared/incidents/cases.ts';
import { DEFAULT_TIME_ZONE, formatInZone } from '../../../../shared/incidents/timeline.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { TIMELINE_TEXT_CHARS, type TimelineEntryDto } from '../../../../shared/contracts/incident-records.contract.ts';
import { localInputValue, sortTimeline, timeZoneOptions } from './case.ts';
import { casePath, useCaseChanged, useTimeline } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { ListState, RemoveButton } from './RecordTable.tsx';

const KIND_ICON: Record<TimelineKind, ReactNode> = {
  note: <IconNote size={16} />,
  action: <IconBolt size={16} />,
  phase: <IconFlag size={16} />,
  report: <IconUserExclamation size={16} />,
  filing: <IconFileCheck size={16} />,
  communication: <IconPhoneCall size={16} />,
  evidence: <IconShieldCheck size={16} />,
  system: <IconSettings size={16} />,
};

/** Every zone the browser knows (Intl), the common ones first. */
function allZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  let zones: string[] = [];
  try {
    zones = intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    zones = [];
  }
  return timeZoneOptions(zones);
}

/** An entry's time in the zone it was stated in, and in JST when that zone is another. */
export function useEntryTime() {
  const fmt = useFormat();
  const { t } = useTranslation();
  return (iso: string, zone: string) => (zone === DEFAULT_TIME_ZONE ? fmt.dateTime(iso) : t('incidentCase.timeline.inZone', { zoned: formatInZone(iso, zone), jst: fmt.dateTime(iso) }));
}

/** The timeline tab: what happened when, oldest first (or newest first), with the zone each time was stated in. */
export function TimelineTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const timeline = useTimeline(c.id);
  const changed = useCaseChanged();
  const entryTime = useEntryTime();
  const [order, setOrder] = useState<'oldest' | 'newest'>('oldest');
  const remove = useConfirmDelete(
    (e: TimelineEntryDto) => api.del(casePath.timelineEntry(e.id)),
    () => {
      changed();
      notify(t('incidentCase.timeline.deleted'));
    },
  );
  const items = useMemo(() => sortTimeline(timeline.data?.items ?? [], order === 'newest'), [timeline.data, order]);
  return (
    <Stack gap="md" component="section" aria-labelledby="case-timeline-title">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={2} size="h4" id="case-timeline-title">
          {t('incidentCase.timeline.title')}
        </Title>
        <SegmentedControl
          className="no-print"
          size="xs"
          value={order}
          onChange={(v) => setOrder(v as 'oldest' | 'newest')}
          data={[
            { value: 'oldest', label: t('incidentCase.timeline.oldestFirst') },
            { value: 'newest', label: t('incidentCase.timeline.newestFirst') },
          ]}
          aria-label={t('incidentCase.timeline.order')}
        />
      </Group>
      {access.write ? <AddEntry c={c} /> : null}
      <ListState query={timeline} empty={<EmptyState title={t('incidentCase.timeline.emptyTitle')} description={t('incidentCase.timeline.empty')} />} />
      {items.length > 0 ? (
        <ol className="case-timeline" data-testid="timeline">
          {items.map((e) => {
            const own = e.deletable && access.write && (e.author?.id === access.userId || access.manage);
            return (
              <li key={e.id} data-testid="timeline-entry" data-kind={e.kind}>
                <ThemeIcon variant="light" color={e.kind === 'note' || e.kind === 'action' ? 'blue' : 'gray'} radius="xl" size={30} aria-hidden>
                  {KIND_ICON[e.kind]}
                </ThemeIcon>
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group justify="space-between" gap="xs" wrap="nowrap" align="flex-start">
                    <Text size="sm" fw={700} data-testid="timeline-time">
                      {entryTime(e.occurredAt, e.timeZone)}
                    </Text>
                    {own ? <RemoveButton label={t('incidentCase.timeline.deleteLabel')} onClick={() => remove.ask(e)} className="no-print" /> : null}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {t(`incidentCase.timeline.kind.${e.kind}`)}
                    {' · '}
                    {e.author ? e.author.name : t('incidentCase.timeline.bySystem')}
                  </Text>
                  <Text size="sm" className="case-prewrap">
                    {e.text}
                  </Text>
                </Stack>
              </li>
            );
          })}
        </ol>
      ) : null}
      <ConfirmModal
        {...remove.modal}
        title={t('incidentCase.timeline.deleteTitle')}
        message={remove.target ? t('incidentCase.timeline.deleteConfirm', { at: entryTime(remove.target.occurredAt, remove.target.timeZone), text: remove.target.text.slice(0, 80) }) : ''}
        confirmLabel={t('incidentCase.timeline.delete')}
        danger
      />
    </Stack>
  );
}

function AddEntry({ c }: { c: CaseDetailDto }) {
  const { t } = useTranslation();
  const changed = useCaseChanged();
  const zones = useMemo(() => allZones(), []);
  const [zone, setZone] = useState<string>(DEFAULT_TIME_ZONE);
  const [at, setAt] = useState(() => localInputValue(Date.now(), DEFAULT_TIME_ZONE));
  const [touched, setTouched] = useState(false);
  const [kind, setKind] = useState<'note' | 'action'>('note');
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const m = useMutation({
    mutationFn: () => api.post<TimelineEntryDto>(casePath.timeline(c.id), { occurredAt: at, timeZone: zone, kind, text: text.trim() }),
    onSuccess: () => {
      changed();
      notify(t('incidentCase.timeline.added'));
      setText('');
      setTouched(false);
      setAt(localInputValue(Date.now(), zone));
    },
  });
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} className="no-print">
      <form
        noValidate
        aria-label={t('incidentCase.timeline.addTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          if (!text.trim()) {
            setMissing(true);
            return;
          }
          m.mutate();
        }}
      >
        <Stack gap="xs">
          <Textarea
            label={t('incidentCase.timeline.text')}
            placeholder={t('incidentCase.timeline.textPlaceholder')}
            required
            value={text}
            onChange={(e) => {
              setText(e.currentTarget.value);
              setMissing(false);
            }}
            autosize
            minRows={2}
            maxLength={TIMELINE_TEXT_CHARS}
            error={missing ? t('incidentCase.timeline.textRequired') : undefined}
          />
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput
              type="datetime-local"
              label={t('incidentCase.timeline.occurredAt')}
              required
              value={at}
              onChange={(e) => {
                setAt(e.currentTarget.value);
                setTouched(true);
              }}
            />
            <Select
              label={t('incidentCase.timeline.zone')}
              data={zones}
              value={zone}
              onChange={(v) => {
                const z = v ?? DEFAULT_TIME_ZONE;
                setZone(z);
                if (!touched) setAt(localInputValue(Date.now(), z));
              }}
              searchable
              allowDeselect={false}
              nothingFoundMessage={t('common.nothingFound')}
            />
            <Select
              label={t('incidentCase.timeline.kindLabel')}
              data={[
                { value: 'note', label: t('incidentCase.timeline.kind.note') },
                { value: 'action', label: t('incidentCase.timeline.kind.action') },
              ]}
              value={kind}
              onChange={(v) => setKind((v as 'note' | 'action') ?? 'note')}
              allowDeselect={false}
            />
          </SimpleGrid>
          {m.error ? <ErrorAlert error={m.error} /> : null}
          <Group justify="flex-end">
            <Button type="submit" loading={m.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('incidentCase.timeline.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}

