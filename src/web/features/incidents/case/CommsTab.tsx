import { useState } from 'react';
import { Anchor, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconArrowDownLeft, IconArrowUpRight, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { notify } from '../../../components/notify.ts';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { usePermissions } from '../../session/permissions.ts';
import { entryName, useContactChart } from '../contacts.ts';
import { COMM_CHANNELS, COMM_DIRECTIONS, type CommChannel, type CommDirection } from '../../../../shared/incidents/cases.ts';
import { DEFAULT_TIME_ZONE } from '../../../../shared/incidents/timeline.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { COMM_SUMMARY_CHARS, type CommRecordDto } from '../../../../shared/contracts/incident-records.contract.ts';
import { localInputValue } from './case.ts';
import { casePath, useCaseChanged, useComms } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { ListState, RecordTable, RemoveCell } from './RecordTable.tsx';
import { useCaseLabels } from './labels.tsx';

/** The communications log: who was told what and when (or who told us), newest first. */
export function CommsTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const comms = useComms(c.id);
  const changed = useCaseChanged();
  const remove = useConfirmDelete(
    (r: CommRecordDto) => api.del(casePath.comm(r.id)),
    () => {
      changed();
      notify(t('incidentCase.comms.removed'));
    },
  );
  const items = [...(comms.data?.items ?? [])].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt));
  return (
    <Stack gap="md" component="section" aria-labelledby="case-comms-title">
      <Title order={2} size="h4" id="case-comms-title">
        {t('incidentCase.comms.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('incidentCase.comms.help')}
      </Text>
      {access.write ? <AddComm c={c} /> : null}
      <ListState query={comms} empty={<EmptyState title={t('incidentCase.comms.emptyTitle')} description={t('incidentCase.comms.empty')} />} />
      {items.length > 0 ? (
        <RecordTable
          minWidth={640}
          testId="comms-table"
          columns={[t('incidentCase.comms.at'), t('incidentCase.comms.direction'), t('incidentCase.comms.party'), t('incidentCase.comms.summary')]}
          actions={access.write ? t('common.actions') : undefined}
        >
          {items.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{fmt.dateTime(r.occurredAt)}</Text>
                <Text size="xs" c="dimmed">
                  {r.createdBy?.name ?? ''}
                </Text>
              </Table.Td>
              <Table.Td>
                <Badge variant="light" color={r.direction === 'outgoing' ? 'blue' : 'grape'} radius="sm" leftSection={r.direction === 'outgoing' ? <IconArrowUpRight size={12} aria-hidden /> : <IconArrowDownLeft size={12} aria-hidden />} styles={{ root: { textTransform: 'none' } }}>
                  {labels.direction(r.direction)}
                </Badge>
                <Text size="xs" c="dimmed">
                  {labels.channel(r.channel)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{r.party}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="case-prewrap">
                  {r.summary}
                </Text>
              </Table.Td>
              {access.write ? <RemoveCell label={t('incidentCase.comms.removeLabel', { party: r.party })} onClick={() => remove.ask(r)} /> : null}
            </Table.Tr>
          ))}
        </RecordTable>
      ) : null}
      <ConfirmModal
        {...remove.modal}
        title={t('incidentCase.comms.removeTitle')}
        message={remove.target ? t('incidentCase.comms.removeConfirm', { party: remove.target.party, at: fmt.dateTime(remove.target.occurredAt) }) : ''}
        confirmLabel={t('incidentCase.comms.remove')}
        danger
      />
    </Stack>
  );
}

const FREE = '__free__';

function AddComm({ c }: { c: CaseDetailDto }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const perm = usePermissions();
  const changed = useCaseChanged();
  const canChart = perm.isAdmin || perm.can('contacts.read', c.facilityId);
  const chart = useContactChart(c.facilityId, canChart);
  const [at, setAt] = useState(() => localInputValue(Date.now()));
  const [direction, setDirection] = useState<CommDirection>('outgoing');
  const [channel, setChannel] = useState<CommChannel>('phone');
  const [contactId, setContactId] = useState<string | null>(null);
  const [party, setParty] = useState('');
  const [summary, setSummary] = useState('');
  const [errors, setErrors] = useState<{ party?: string; summary?: string }>({});
  const entries = [...(chart.data?.internal ?? []), ...(chart.data?.external ?? [])];
  const contactOptions = [
    { value: FREE, label: t('incidentCase.comms.freeText') },
    ...entries.map((e) => ({ value: e.id, label: `${e.organization ? `${e.organization} ` : ''}${e.roleLabel}${e.name ? ` ${e.name}` : ''}` })),
  ];
  const free = contactId === null || contactId === FREE;
  const m = useMutation({
    mutationFn: () =>
      api.post<CommRecordDto>(casePath.comms(c.id), {
        occurredAt: at,
        timeZone: DEFAULT_TIME_ZONE,
        direction,
        channel,
        ...(free ? { party: party.trim() } : { contactEntryId: contactId }),
        summary: summary.trim(),
      }),
    onSuccess: (r) => {
      changed();
      notify(t('incidentCase.comms.added', { party: r.party }));
      setSummary('');
      setParty('');
      setContactId(null);
      setAt(localInputValue(Date.now()));
    },
  });
  const chosen = entries.find((e) => e.id === contactId);
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} className="no-print">
      <form
        noValidate
        aria-label={t('incidentCase.comms.addTitle')}
        onSubmit={(e) => {
          e.preventDefault();
          const errs: typeof errors = {};
          if (free && !party.trim()) errs.party = t('incidentCase.comms.partyRequired');
          if (!summary.trim()) errs.summary = t('incidentCase.comms.summaryRequired');
          setErrors(errs);
          if (Object.keys(errs).length === 0) m.mutate();
        }}
      >
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="xs">
            <TextInput type="datetime-local" label={t('incidentCase.comms.at')} description={t('incidentCase.jstNote')} required value={at} onChange={(e) => setAt(e.currentTarget.value)} />
            <Select label={t('incidentCase.comms.direction')} data={COMM_DIRECTIONS.map((d) => ({ value: d, label: labels.direction(d) }))} value={direction} onChange={(v) => v && setDirection(v as CommDirection)} allowDeselect={false} />
            <Select label={t('incidentCase.comms.channel')} data={COMM_CHANNELS.map((x) => ({ value: x, label: labels.channel(x) }))} value={channel} onChange={(v) => v && setChannel(v as CommChannel)} allowDeselect={false} />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            {canChart ? (
              <Select
                label={t('incidentCase.comms.fromChart')}
                description={entries.length === 0 && chart.data ? t('incidentCase.comms.chartEmpty') : undefined}
                data={contactOptions}
                value={contactId ?? FREE}
                onChange={(v) => setContactId(v === FREE ? null : v)}
                searchable
                allowDeselect={false}
                nothingFoundMessage={t('common.nothingFound')}
              />
            ) : null}
            {free ? (
              <TextInput label={t('incidentCase.comms.party')} required value={party} onChange={(e) => setParty(e.currentTarget.value)} maxLength={300} error={errors.party} placeholder={t('incidentCase.comms.partyPlaceholder')} />
            ) : chosen ? (
              <Stack gap={0}>
                <Text size="sm" fw={700}>
                  {entryName(chosen)}
                </Text>
                <Text size="sm">{[chosen.phone, chosen.email].filter(Boolean).join(' / ') || '—'}</Text>
                <Anchor component={Link} to={PATHS.incidentContacts} size="xs">
                  {t('incidentCase.comms.openChart')}
                </Anchor>
              </Stack>
            ) : null}
          </SimpleGrid>
          <Textarea label={t('incidentCase.comms.summary')} required value={summary} onChange={(e) => setSummary(e.currentTarget.value)} autosize minRows={2} maxLength={COMM_SUMMARY_CHARS} error={errors.summary} placeholder={t('incidentCase.comms.summaryPlaceholder')} />
          {m.error ? <ErrorAlert error={m.error} /> : null}
          <Group justify="flex-end">
            <Button type="submit" loading={m.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
              {t('incidentCase.comms.add')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
