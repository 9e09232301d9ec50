import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, FileInput, Group, List, Modal, SegmentedControl, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconPlus, IconShieldCheck } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, uploadFile } from '../../../api/client.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormFooter } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import { useFormat } from '../../../lib/format.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { CUSTODY_ACTIONS, EVIDENCE_TYPES, type CustodyAction, type EvidenceType } from '../../../../shared/incidents/cases.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { EVIDENCE_LIMITS, type CustodyBreakDto, type CustodyVerifyDto, type EvidenceItemDto } from '../../../../shared/contracts/incident-evidence.contract.ts';
import { localInputValue, localToIso, normaliseSha256 } from './case.ts';
import { casePath, caseKey, useCaseChanged, useEvidence } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { ListState } from './RecordTable.tsx';
import { useCaseLabels } from './labels.tsx';

/** The evidence tab: evidence items (E-1 …) with their append-only, hash-chained custody, and the tamper check. */
export function EvidenceTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const evidence = useEvidence(c.id);
  const [adding, setAdding] = useState(false);
  const [custodyFor, setCustodyFor] = useState<EvidenceItemDto | null>(null);
  const verify = useQuery({ queryKey: caseKey(c.id, 'verify'), queryFn: () => api.get<CustodyVerifyDto>(casePath.verify(c.id)), enabled: false, gcTime: 0 });
  const items = evidence.data?.items ?? [];
  return (
    <Stack gap="md" component="section" aria-labelledby="case-evidence-title">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Title order={2} size="h4" id="case-evidence-title">
          {t('incidentCase.evidence.title')}
        </Title>
        <Group gap="xs" className="no-print">
          {items.length > 0 ? (
            <Button variant="default" leftSection={<IconShieldCheck size={16} aria-hidden />} onClick={() => void verify.refetch()} loading={verify.isFetching}>
              {t('incidentCase.evidence.verify')}
            </Button>
          ) : null}
          {access.write ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
              {t('incidentCase.evidence.add')}
            </Button>
          ) : null}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {t('incidentCase.evidence.help')}
      </Text>
      {verify.error ? <ErrorAlert error={verify.error} /> : null}
      {verify.data ? <VerifyResult result={verify.data} /> : null}
      <ListState
        query={evidence}
        empty={<EmptyState icon={<IconShieldCheck size={28} />} title={t('incidentCase.evidence.emptyTitle')} description={access.write ? t('incidentCase.evidence.emptyWrite') : t('incidentCase.evidence.empty')} />}
      />
      {items.map((ev) => (
        <EvidenceCard key={ev.id} ev={ev} canAddCustody={access.writer} onCustody={() => setCustodyFor(ev)} />
      ))}
      {adding ? <EvidenceModal c={c} onClose={() => setAdding(false)} /> : null}
      {custodyFor ? <CustodyModal ev={custodyFor} onClose={() => setCustodyFor(null)} /> : null}
    </Stack>
  );
}

function useBreakText() {
  const { t } = useTranslation();
  return (b: CustodyBreakDto) => t('incidentCase.evidence.breakAt', { seq: b.seq, reason: t(`incidentCase.evidence.breaks.${b.reason}`) });
}

function VerifyResult({ result }: { result: CustodyVerifyDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const breakText = useBreakText();
  const broken = result.items.filter((i) => !i.ok);
  return (
    <Alert
      color={result.ok ? 'green' : 'red'}
      variant="light"
      icon={result.ok ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={result.ok ? t('incidentCase.evidence.intactTitle') : t('incidentCase.evidence.brokenTitle')}
      role="status"
      data-testid="verify-result"
      data-ok={result.ok ? 'true' : 'false'}
    >
      <Text size="sm">{t('incidentCase.evidence.checkedAt', { at: fmt.dateTime(result.checkedAt), count: result.items.length })}</Text>
      {broken.length > 0 ? (
        <List size="sm" spacing={2} mt={4}>
          {broken.map((i) => (
            <List.Item key={i.evidenceId}>
              {i.label} {i.description}: {i.break ? breakText(i.break) : ''}
            </List.Item>
          ))}
        </List>
      ) : null}
    </Alert>
  );
}

function EvidenceCard({ ev, canAddCustody, onCustody }: { ev: EvidenceItemDto; canAddCustody: boolean; onCustody: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const breakText = useBreakText();
  const last = ev.custody[ev.custody.length - 1];
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="article" aria-label={`${ev.label} ${ev.description}`} data-testid="evidence-item">
      <Stack gap="xs">
        <Group justify="space-between" gap="xs" align="flex-start" wrap="wrap">
          <div style={{ minWidth: 0, flex: '1 1 16rem' }}>
            <Group gap="xs">
              <Text fw={700} className="mono">
                {ev.label}
              </Text>
              <Badge variant="light" color="gray" radius="sm" styles={{ root: { textTransform: 'none' } }}>
                {labels.evidenceType(ev.type)}
              </Badge>
            </Group>
            <Text size="sm" className="case-prewrap">
              {ev.description}
            </Text>
          </div>
          {ev.chain.ok ? (
            <Badge color="green" variant="light" leftSection={<IconCircleCheck size={12} aria-hidden />} radius="sm" styles={{ root: { textTransform: 'none' } }}>
              {t('incidentCase.evidence.chainOk', { count: ev.chain.entries })}
            </Badge>
          ) : (
            <Badge color="red" variant="filled" leftSection={<IconAlertTriangle size={12} aria-hidden />} radius="sm" styles={{ root: { textTransform: 'none' } }}>
              {t('incidentCase.evidence.chainBroken')}
            </Badge>
          )}
        </Group>
        {!ev.chain.ok && ev.chain.break ? (
          <Text size="sm" c="red.8">
            {breakText(ev.chain.break)}
          </Text>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4}>
          <Text size="sm">{t('incidentCase.evidence.collected', { name: ev.collectedBy, at: fmt.dateTime(ev.collectedAt) })}</Text>
          <Text size="sm">{t('incidentCase.evidence.location', { location: last?.location ?? ev.location ?? t('incidentCase.evidence.noLocation') })}</Text>
        </SimpleGrid>
        <div>
          <Text size="xs" fw={700}>
            {t(`incidentCase.evidence.hashSource.${ev.hashSource}`)}
          </Text>
          {ev.sha256 ? (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text className="case-hash" data-testid="evidence-sha256">
                {ev.sha256}
              </Text>
              <CopyButton value={ev.sha256} size="compact-xs" variant="subtle" className="no-print" aria-label={t('incidentCase.evidence.copyHash', { label: ev.label })} />
            </Group>
          ) : null}
          {ev.file ? (
            <Anchor href={casePath.evidenceDownload(ev.id)} size="sm" className="no-print" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
              <IconDownload size={14} aria-hidden />
              {t('incidentCase.evidence.download', { name: ev.file.name, size: fmt.number(ev.file.size) })}
            </Anchor>
          ) : null}
        </div>
        <Text size="sm" fw={700} mt={4}>
          {t('incidentCase.evidence.custodyTitle')}
        </Text>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing={4} fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>#</Table.Th>
                <Table.Th>{t('incidentCase.evidence.action')}</Table.Th>
                <Table.Th>{t('incidentCase.evidence.at')}</Table.Th>
                <Table.Th>{t('incidentCase.evidence.parties')}</Table.Th>
                <Table.Th>{t('incidentCase.evidence.noteCol')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {ev.custody.map((e) => (
                <Table.Tr key={e.id}>
                  <Table.Td>{e.seq}</Table.Td>
                  <Table.Td>{labels.custodyAction(e.action)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.occurredAt)}</Table.Td>
                  <Table.Td>
                    {[e.fromParty, e.toParty].some(Boolean) ? `${e.fromParty ?? '—'} → ${e.toParty ?? '—'}` : ''}
                    {e.location ? (
                      <Text size="xs" c="dimmed">
                        {e.location}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="case-prewrap">
                      {e.note ?? ''}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t('incidentCase.evidence.recordedBy', { name: e.recordedBy })}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {canAddCustody ? (
          <Group className="no-print">
            <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={onCustody} aria-label={t('incidentCase.evidence.addCustodyLabel', { label: ev.label })}>
              {t('incidentCase.evidence.addCustody')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Card>
  );
}

function EvidenceModal({ c, onClose }: { c: CaseDetailDto; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const { me } = useSession();
  const [type, setType] = useState<EvidenceType>('log');
  const [description, setDescription] = useState('');
  const [location, setLocation] = useState('');
  const [collectedBy, setCollectedBy] = useState(me.user.displayName);
  const [collectedAt, setCollectedAt] = useState(() => localInputValue(Date.now()));
  const [hashMode, setHashMode] = useState<'upload' | 'stated' | 'none'>('upload');
  const [file, setFile] = useState<File | null>(null);
  const [sha, setSha] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: async () => {
      const at = localToIso(collectedAt)!;
      const fields = { type, description: description.trim(), location: location.trim() || null, collectedBy: collectedBy.trim(), collectedAt: at };
      if (hashMode === 'upload' && file) {
        const { data } = await uploadFile<EvidenceItemDto>(casePath.evidenceFile(c.id), file, 'application/octet-stream', {
          query: { type, description: fields.description, location: fields.location, collectedBy: fields.collectedBy, collectedAt: at },
          headers: { 'X-File-Name': encodeURIComponent(file.name) },
        });
        return data;
      }
      return api.post<EvidenceItemDto>(casePath.evidence(c.id), { ...fields, sha256: hashMode === 'stated' ? normaliseSha256(sha) : null });
    },
    onSuccess: (ev) => {
      changed();
      notify(t('incidentCase.evidence.added', { label: ev.label }));
      onClose();
    },
  });
  const submit = () => {
    const errs: Record<string, string> = {};
    if (!description.trim()) errs.description = t('incidentCase.required');
    if (!collectedBy.trim()) errs.collectedBy = t('incidentCase.required');
    if (!localToIso(collectedAt)) errs.collectedAt = t('incidentCase.invalidDateTime');
    if (hashMode === 'upload' && !file) errs.file = t('incidentCase.evidence.fileRequired');
    if (hashMode === 'stated' && !normaliseSha256(sha)) errs.sha = t('incidentCase.evidence.shaInvalid');
    setErrors(errs);
    if (Object.keys(errs).length === 0) m.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('incidentCase.evidence.addTitle')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('incidentCase.evidence.appendOnly')}
          </Text>
          <Select label={t('incidentCase.evidence.type')} required data={EVIDENCE_TYPES.map((x) => ({ value: x, label: labels.evidenceType(x) }))} value={type} onChange={(v) => v && setType(v as EvidenceType)} allowDeselect={false} />
          <Textarea label={t('incidentCase.evidence.description')} required value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={2} maxLength={EVIDENCE_LIMITS.descriptionChars} error={errors.description} />
          <TextInput label={t('incidentCase.evidence.locationLabel')} value={location} onChange={(e) => setLocation(e.currentTarget.value)} maxLength={EVIDENCE_LIMITS.locationChars} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput label={t('incidentCase.evidence.collectedBy')} required value={collectedBy} onChange={(e) => setCollectedBy(e.currentTarget.value)} maxLength={EVIDENCE_LIMITS.partyChars} error={errors.collectedBy} />
            <TextInput type="datetime-local" label={t('incidentCase.evidence.collectedAt')} description={t('incidentCase.jstNote')} required value={collectedAt} onChange={(e) => setCollectedAt(e.currentTarget.value)} error={errors.collectedAt} />
          </SimpleGrid>
          <div>
            <Text size="sm" fw={500} mb={4} id="evidence-hash-mode">
              {t('incidentCase.evidence.hashLabel')}
            </Text>
            <SegmentedControl
              aria-labelledby="evidence-hash-mode"
              value={hashMode}
              onChange={(v) => setHashMode(v as typeof hashMode)}
              data={[
                { value: 'upload', label: t('incidentCase.evidence.hashMode.upload') },
                { value: 'stated', label: t('incidentCase.evidence.hashMode.stated') },
                { value: 'none', label: t('incidentCase.evidence.hashMode.none') },
              ]}
              fullWidth
            />
          </div>
          {hashMode === 'upload' ? <FileInput label={t('incidentCase.evidence.file')} description={t('incidentCase.evidence.fileHelp')} value={file} onChange={setFile} clearable error={errors.file} /> : null}
          {hashMode === 'stated' ? <TextInput label={t('incidentCase.evidence.sha256')} description={t('incidentCase.evidence.shaHelp')} value={sha} onChange={(e) => setSha(e.currentTarget.value)} classNames={{ input: 'mono' }} error={errors.sha} /> : null}
          <FormFooter hasErrors={false} error={m.error} submitLabel={t('incidentCase.evidence.addSubmit')} loading={m.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}

function CustodyModal({ ev, onClose }: { ev: EvidenceItemDto; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const [action, setAction] = useState<CustodyAction>('handed_over');
  const [at, setAt] = useState(() => localInputValue(Date.now()));
  const [fromParty, setFrom] = useState('');
  const [toParty, setTo] = useState('');
  const [location, setLocation] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const m = useMutation({
    mutationFn: () =>
      api.post<EvidenceItemDto>(casePath.custody(ev.id), {
        action,
        occurredAt: localToIso(at),
        fromParty: fromParty.trim() || null,
        toParty: toParty.trim() || null,
        location: location.trim() || null,
        note: note.trim() || null,
      }),
    onSuccess: () => {
      changed();
      notify(t('incidentCase.evidence.custodyAdded', { label: ev.label }));
      onClose();
    },
  });
  const submit = () => {
    const errs: Record<string, string> = {};
    if (!localToIso(at)) errs.at = t('incidentCase.invalidDateTime');
    if ((action === 'handed_over' || action === 'returned') && !toParty.trim()) errs.toParty = t('incidentCase.required');
    if (action === 'corrected' && !note.trim()) errs.note = t('incidentCase.evidence.correctionNote');
    setErrors(errs);
    if (Object.keys(errs).length === 0) m.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('incidentCase.evidence.custodyModal', { label: ev.label })} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {t('incidentCase.evidence.appendOnly')}
          </Text>
          <Select
            label={t('incidentCase.evidence.action')}
            required
            data={CUSTODY_ACTIONS.filter((a) => a !== 'collected').map((a) => ({ value: a, label: labels.custodyAction(a) }))}
            value={action}
            onChange={(v) => v && setAction(v as CustodyAction)}
            allowDeselect={false}
          />
          <TextInput type="datetime-local" label={t('incidentCase.evidence.at')} description={t('incidentCase.jstNote')} required value={at} onChange={(e) => setAt(e.currentTarget.value)} error={errors.at} />
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
            <TextInput label={t('incidentCase.evidence.from')} value={fromParty} onChange={(e) => setFrom(e.currentTarget.value)} maxLength={EVIDENCE_LIMITS.partyChars} />
            <TextInput label={t('incidentCase.evidence.to')} required={action === 'handed_over' || action === 'returned'} value={toParty} onChange={(e) => setTo(e.currentTarget.value)} maxLength={EVIDENCE_LIMITS.partyChars} error={errors.toParty} />
          </SimpleGrid>
          <TextInput label={t('incidentCase.evidence.locationLabel')} value={location} onChange={(e) => setLocation(e.currentTarget.value)} maxLength={EVIDENCE_LIMITS.locationChars} />
          <Textarea label={t('incidentCase.evidence.noteCol')} required={action === 'corrected'} value={note} onChange={(e) => setNote(e.currentTarget.value)} autosize minRows={2} maxLength={EVIDENCE_LIMITS.noteChars} error={errors.note} />
          <FormFooter hasErrors={false} error={m.error} submitLabel={t('incidentCase.evidence.addCustodySubmit')} loading={m.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
