import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Code, Group, List, SegmentedControl, Select, Stack, Table, Text, TextInput, Textarea } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconDownload, IconFingerprint, IconPlus, IconServer2 } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { notify } from '../../../components/notify.ts';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { PATHS } from '../../../paths.ts';
import { useAssetList } from '../../ledger/ledger.ts';
import { useConnectionList } from '../../connections/connections.ts';
import { usePermissions } from '../../session/permissions.ts';
import { OBSERVABLE_TYPES, type AffectedType, type ObservableType } from '../../../../shared/incidents/cases.ts';
import { OBSERVABLE_LIMITS } from '../../../../shared/incidents/observables.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import type { AffectedRecordDto, ObservableBulkResultDto, ObservableDto } from '../../../../shared/contracts/incident-records.contract.ts';
import { casePath, useAffected, useCaseChanged, useObservables } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { ListState, RecordTable, RemoveButton, RemoveCell } from './RecordTable.tsx';

/** The impact tab: the ledger's assets and connections the incident touches, and the observables (IOC). */
export function ImpactTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  return (
    <Stack gap="md">
      <AffectedSection c={c} access={access} />
      <ObservablesSection c={c} access={access} />
    </Stack>
  );
}

function AffectedSection({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const affected = useAffected(c.id);
  const changed = useCaseChanged();
  const canSearch = access.write && (perm.isAdmin || perm.can('ledger.read', c.facilityId));
  const remove = useConfirmDelete(
    (r: AffectedRecordDto) => api.del(casePath.affectedRecord(r.id)),
    () => {
      changed();
      notify(t('incidentCase.affected.removed'));
    },
  );
  const items = affected.data?.items ?? [];
  return (
    <SectionCard id="case-affected" title={t('incidentCase.affected.title')} icon={<IconServer2 size={20} aria-hidden />}>
      <Stack gap="sm">
        {canSearch ? <AffectedPicker c={c} already={new Set(items.map((i) => i.targetId))} /> : null}
        <ListState
          query={affected}
          empty={
            <Text size="sm" c="dimmed">
              {access.write ? t('incidentCase.affected.emptyWrite') : t('incidentCase.affected.empty')}
            </Text>
          }
        />
        {items.length > 0 ? (
          <RecordTable
            minWidth={560}
            testId="affected-table"
            columns={[t('incidentCase.affected.name'), t('incidentCase.affected.kind'), t('incidentCase.affected.ips'), t('incidentCase.affected.vendor')]}
            actions={access.write ? t('common.actions') : undefined}
          >
            {items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  {r.removed || !r.name ? (
                    <Text size="sm" c="dimmed">
                      {r.name ?? t('incidentCase.affected.gone')} ({t('incidentCase.affected.removedMark')})
                    </Text>
                  ) : (
                    <Anchor component={Link} to={r.targetType === 'asset' ? PATHS.asset(r.targetId) : PATHS.connection(r.targetId)} size="sm">
                      {r.name}
                    </Anchor>
                  )}
                  {r.note ? (
                    <Text size="xs" c="dimmed">
                      {r.note}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{t(`incidentCase.affected.type.${r.targetType}`)}</Text>
                  {r.type ? (
                    <Text size="xs" c="dimmed">
                      {r.type}
                    </Text>
                  ) : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" className="mono">
                    {r.ips.join(', ') || '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{r.vendor?.name ?? '—'}</Text>
                </Table.Td>
                {access.write ? <RemoveCell label={t('incidentCase.affected.removeLabel', { name: r.name ?? '' })} onClick={() => remove.ask(r)} /> : null}
              </Table.Tr>
            ))}
          </RecordTable>
        ) : null}
      </Stack>
      <ConfirmModal
        {...remove.modal}
        title={t('incidentCase.affected.removeTitle')}
        message={remove.target ? t('incidentCase.affected.removeConfirm', { name: remove.target.name ?? '' }) : ''}
        confirmLabel={t('incidentCase.affected.remove')}
        danger
      />
    </SectionCard>
  );
}

/** Search the ledger (assets or external connections) by name and add one. */
function AffectedPicker({ c, already }: { c: CaseDetailDto; already: Set<string> }) {
  const { t } = useTranslation();
  const changed = useCaseChanged();
  const [type, setType] = useState<AffectedType>('asset');
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [q] = useDebouncedValue(search.trim(), 300);
  const assets = useAssetList(c.facilityId, { q: q || undefined, pageSize: 30, sort: 'name' }, type === 'asset');
  const connections = useConnectionList(c.facilityId, { q: q || undefined, pageSize: 30 }, type === 'connection');
  const options =
    type === 'asset'
      ? (assets.data?.items ?? []).map((a) => ({ value: a.id, label: a.name, disabled: already.has(a.id) }))
      : (connections.data?.items ?? []).map((x) => ({ value: x.id, label: x.name, disabled: already.has(x.id) }));
  const m = useMutation({
    mutationFn: () => api.post<AffectedRecordDto>(casePath.affected(c.id), { targetType: type, targetId: picked, note: note.trim() || null }),
    onSuccess: (r) => {
      changed();
      notify(t('incidentCase.affected.added', { name: r.name ?? '' }));
      setPicked(null);
      setSearch('');
      setNote('');
    },
  });
  return (
    <form
      noValidate
      className="no-print"
      onSubmit={(e) => {
        e.preventDefault();
        if (picked) m.mutate();
      }}
    >
      <Stack gap="xs">
        <SegmentedControl
          value={type}
          onChange={(v) => {
            setType(v as AffectedType);
            setPicked(null);
          }}
          data={[
            { value: 'asset', label: t('incidentCase.affected.type.asset') },
            { value: 'connection', label: t('incidentCase.affected.type.connection') },
          ]}
          aria-label={t('incidentCase.affected.pickType')}
          w={{ base: '100%', sm: 'auto' }}
        />
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label={type === 'asset' ? t('incidentCase.affected.searchAsset') : t('incidentCase.affected.searchConnection')}
            data={options}
            value={picked}
            onChange={setPicked}
            searchable
            searchValue={search}
            onSearchChange={setSearch}
            filter={({ options: o }) => o}
            nothingFoundMessage={(type === 'asset' ? assets : connections).isFetching ? t('common.loading') : t('common.nothingFound')}
            clearable
            style={{ flex: '1 1 16rem' }}
          />
          <TextInput label={t('incidentCase.affected.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} maxLength={2000} style={{ flex: '1 1 12rem' }} />
          <Button type="submit" disabled={!picked} loading={m.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('incidentCase.affected.add')}
          </Button>
        </Group>
        {m.error ? <ErrorAlert error={m.error} /> : null}
      </Stack>
    </form>
  );
}

function ObservablesSection({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const observables = useObservables(c.id);
  const changed = useCaseChanged();
  const remove = useConfirmDelete(
    (o: ObservableDto) => api.del(casePath.observable(o.id)),
    () => {
      changed();
      notify(t('incidentCase.observables.removed'));
    },
  );
  const items = observables.data?.items ?? [];
  return (
    <SectionCard
      id="case-observables"
      title={t('incidentCase.observables.title')}
      icon={<IconFingerprint size={20} aria-hidden />}
      aside={
        items.length > 0 ? (
          <Button component="a" href={casePath.observablesCsv(c.id)} download size="compact-sm" variant="default" leftSection={<IconDownload size={14} aria-hidden />} className="no-print">
            {t('incidentCase.observables.csv')}
          </Button>
        ) : undefined
      }
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('incidentCase.observables.help')}
        </Text>
        {access.write ? <BulkPaste c={c} /> : null}
        <ListState
          query={observables}
          empty={
            <Text size="sm" c="dimmed">
              {t('incidentCase.observables.empty')}
            </Text>
          }
        />
        {items.length > 0 ? (
          <RecordTable
            minWidth={520}
            testId="observables-table"
            columns={[t('incidentCase.observables.type'), t('incidentCase.observables.value'), t('incidentCase.observables.note')]}
            actions={t('common.actions')}
          >
            {items.map((o) => (
              <Table.Tr key={o.id}>
                <Table.Td>
                  <Badge variant="light" color="gray" radius="sm" styles={{ root: { textTransform: 'none' } }}>
                    {t(`incidentCase.observables.types.${o.type}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Code style={{ overflowWrap: 'anywhere', whiteSpace: 'normal' }}>{o.value}</Code>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{o.note ?? ''}</Text>
                </Table.Td>
                <Table.Td className="no-print">
                  <Group gap={4} wrap="nowrap">
                    <CopyButton value={o.value} size="compact-xs" variant="subtle" aria-label={t('incidentCase.observables.copyLabel', { value: o.value })} />
                    {access.write ? <RemoveButton label={t('incidentCase.observables.removeLabel', { value: o.value })} onClick={() => remove.ask(o)} /> : null}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </RecordTable>
        ) : null}
      </Stack>
      <ConfirmModal
        {...remove.modal}
        title={t('incidentCase.observables.removeTitle')}
        message={remove.target ? t('incidentCase.observables.removeConfirm', { value: remove.target.value }) : ''}
        confirmLabel={t('incidentCase.observables.remove')}
        danger
      />
    </SectionCard>
  );
}

/** Paste indicators one per line (defanged is fine); the result says per line what was saved and what was skipped. */
function BulkPaste({ c }: { c: CaseDetailDto }) {
  const { t } = useTranslation();
  const changed = useCaseChanged();
  const [text, setText] = useState('');
  const [single, setSingle] = useState<{ type: ObservableType; value: string }>({ type: 'ipv4', value: '' });
  const [result, setResult] = useState<ObservableBulkResultDto | null>(null);
  const bulk = useMutation({
    mutationFn: () => api.post<ObservableBulkResultDto>(casePath.observablesBulk(c.id), { text }),
    onSuccess: (r) => {
      changed();
      setResult(r);
      if (r.skipped.length === 0) setText('');
      else setText(r.skipped.map((s) => s.text).join('\n'));
    },
  });
  const one = useMutation({
    mutationFn: () => api.post<ObservableDto>(casePath.observables(c.id), { type: single.type, value: single.value.trim() }),
    onSuccess: () => {
      changed();
      notify(t('incidentCase.observables.addedOne'));
      setSingle((s) => ({ ...s, value: '' }));
    },
  });
  const reason = (r: string) => {
    if (r.startsWith('invalid_')) {
      const type = r.slice('invalid_'.length);
      return t('incidentCase.observables.reasons.invalid', { type: (OBSERVABLE_TYPES as readonly string[]).includes(type) ? t(`incidentCase.observables.types.${type as ObservableType}`) : type });
    }
    if (r === 'unknown_type' || r === 'too_long' || r === 'duplicate_in_input' || r === 'already_recorded') return t(`incidentCase.observables.reasons.${r}`);
    return r;
  };
  return (
    <Stack gap="xs" className="no-print">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (single.value.trim()) one.mutate();
        }}
      >
        <Group gap="xs" align="flex-end" wrap="wrap">
          <Select
            label={t('incidentCase.observables.type')}
            data={OBSERVABLE_TYPES.map((x) => ({ value: x, label: t(`incidentCase.observables.types.${x}`) }))}
            value={single.type}
            onChange={(v) => v && setSingle((s) => ({ ...s, type: v as ObservableType }))}
            allowDeselect={false}
            w={{ base: '100%', sm: 200 }}
          />
          <TextInput label={t('incidentCase.observables.value')} value={single.value} onChange={(e) => setSingle((s) => ({ ...s, value: e.currentTarget.value }))} maxLength={OBSERVABLE_LIMITS.valueChars * 2} style={{ flex: '1 1 14rem' }} classNames={{ input: 'mono' }} />
          <Button type="submit" variant="light" disabled={!single.value.trim()} loading={one.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
            {t('incidentCase.observables.addOne')}
          </Button>
        </Group>
        {one.error ? <ErrorAlert error={one.error} /> : null}
      </form>
      <Textarea
        label={t('incidentCase.observables.bulk')}
        description={t('incidentCase.observables.bulkHelp')}
        value={text}
        onChange={(e) => setText(e.currentTarget.value)}
        autosize
        minRows={3}
        maxRows={12}
        classNames={{ input: 'mono' }}
        placeholder={'203.0.113[.]10  C2\nevil-example[.]com\nsha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}
      />
      <Group justify="flex-end">
        <Button variant="light" onClick={() => bulk.mutate()} disabled={!text.trim()} loading={bulk.isPending}>
          {t('incidentCase.observables.bulkSubmit')}
        </Button>
      </Group>
      {bulk.error ? <ErrorAlert error={bulk.error} /> : null}
      {result ? (
        <Alert color={result.skipped.length > 0 ? 'orange' : 'green'} variant="light" withCloseButton closeButtonLabel={t('common.close')} onClose={() => setResult(null)} data-testid="bulk-result">
          <Text size="sm" fw={700}>
            {t('incidentCase.observables.bulkResult', { created: result.created.length, skipped: result.skipped.length })}
          </Text>
          {result.skipped.length > 0 ? (
            <>
              <Text size="sm">{t('incidentCase.observables.bulkSkippedHelp')}</Text>
              <List size="sm" spacing={2}>
                {result.skipped.map((s) => (
                  <List.Item key={s.line}>
                    {t('incidentCase.observables.lineResult', { line: s.line, text: s.text, reason: reason(s.reason) })}
                  </List.Item>
                ))}
              </List>
            </>
          ) : null}
        </Alert>
      ) : null}
    </Stack>
  );
}
