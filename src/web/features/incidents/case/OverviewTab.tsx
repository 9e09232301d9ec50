import { useEffect, useRef, useState } from 'react';
import { Alert, Anchor, Button, Group, NumberInput, Select, SimpleGrid, Stack, Switch, Table, Text, TextInput, Textarea, VisuallyHidden } from '@mantine/core';
import { IconInfoCircle, IconPlus, IconUsersGroup } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useErrorText } from '../../../components/errors.ts';
import { notify } from '../../../components/notify.ts';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat } from '../../../lib/format.ts';
import { useOwnerOptions } from '../../actions/actions.ts';
import { telHref } from '../contacts.ts';
import { SUMMARY_KEYS, TEAM_ROLES, type CaseSummary, type SummaryKey, type TeamRole } from '../../../../shared/incidents/cases.ts';
import type { IncidentClockFacts } from '../../../../shared/incidents/clock-rules.ts';
import type { CaseDetailDto, TeamMemberDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { CASE_LIMITS } from '../../../../shared/contracts/incident-cases.contract.ts';
import { summaryChanges } from './case.ts';
import { casePath, caseKey, useCaseChanged } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { RecordTable, RemoveCell } from './RecordTable.tsx';
import { useCaseLabels } from './labels.tsx';
import { SaveStatus, type SaveState } from './SaveStatus.tsx';

/** The overview tab: 5W1H and the description (autosaved), the facts the legal clocks follow, and the response team. */
export function OverviewTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  return (
    <Stack gap="md">
      <SummarySection c={c} canWrite={access.write} />
      <FactsSection c={c} canWrite={access.write} />
      <TeamSection c={c} canWrite={access.write} />
    </Stack>
  );
}

// ── 5W1H and description, autosaved ──────────────────────────────────────────────────────────────────────────────

interface TextDraft {
  summary: CaseSummary;
  description: string;
}
const fromCase = (c: CaseDetailDto): TextDraft => ({ summary: { ...c.summary }, description: c.description ?? '' });
const sameDraft = (a: TextDraft, b: TextDraft) => a.description === b.description && SUMMARY_KEYS.every((k) => (a.summary[k] ?? '') === (b.summary[k] ?? ''));

/** The order people tell an incident in: when, where, who, what, why, how. */
const SUMMARY_ORDER: readonly SummaryKey[] = ['when', 'where', 'who', 'what', 'why', 'how'];

function SummarySection({ c, canWrite }: { c: CaseDetailDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const changed = useCaseChanged();
  const [draft, setDraft] = useState<TextDraft>(() => fromCase(c));
  const [state, setState] = useState<SaveState>('idle');
  const [error, setError] = useState<unknown>(null);
  const draftRef = useRef(draft);
  const saved = useRef(fromCase(c));
  const known = useRef(c.updatedAt);
  const saving = useRef(false);
  const again = useRef(false);
  const timer = useRef<number | null>(null);

  // Someone (or another control of this page) changed the case: take it over unless there are unsaved edits here.
  useEffect(() => {
    if (c.updatedAt === known.current || saving.current) return;
    if (sameDraft(draftRef.current, saved.current)) {
      const fresh = fromCase(c);
      saved.current = fresh;
      draftRef.current = fresh;
      known.current = c.updatedAt;
      setDraft(fresh);
    }
  }, [c]);

  const persist = async (retried = false): Promise<void> => {
    if (saving.current) {
      again.current = true;
      return;
    }
    const d = draftRef.current;
    const s = saved.current;
    const sc = summaryChanges(s.summary, d.summary);
    const descChanged = d.description !== s.description;
    if (Object.keys(sc).length === 0 && !descChanged) {
      setState((x) => (x === 'dirty' ? 'saved' : x));
      return;
    }
    saving.current = true;
    setState('saving');
    try {
      const res = await api.patch<CaseDetailDto>(casePath.case(c.id), {
        ...(Object.keys(sc).length > 0 ? { summary: sc } : {}),
        ...(descChanged ? { description: d.description.trim() === '' ? null : d.description } : {}),
        expectedUpdatedAt: known.current,
      });
      saved.current = { summary: { ...s.summary, ...sc }, description: d.description };
      known.current = res.updatedAt;
      qc.setQueryData(caseKey(c.id, 'detail'), res);
      saving.current = false;
      changed();
      setError(null);
      if (again.current || !sameDraft(draftRef.current, saved.current)) {
        again.current = false;
        setState('dirty');
        void persist();
      } else setState('saved');
    } catch (e) {
      saving.current = false;
      if (isApiError(e) && e.code === 'CONFLICT' && !retried) {
        // Only the case's time stamp moved (a phase change, a fact, another field)? Then nobody touched these fields: save again.
        try {
          const fresh = await api.get<CaseDetailDto>(casePath.case(c.id));
          const untouched = SUMMARY_KEYS.every((k) => !(k in sc) || (fresh.summary[k] ?? '') === (s.summary[k] ?? '')) && (!descChanged || (fresh.description ?? '') === s.description);
          if (untouched) {
            known.current = fresh.updatedAt;
            return persist(true);
          }
        } catch {
          /* fall through to the conflict prompt */
        }
        setState('conflict');
        return;
      }
      if (isApiError(e) && e.code === 'CONFLICT') setState('conflict');
      else {
        setError(e);
        setState('error');
      }
    }
  };

  useEffect(
    () => () => {
      if (timer.current !== null) {
        window.clearTimeout(timer.current);
        if (!sameDraft(draftRef.current, saved.current)) void persist();
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- flush once on leaving the tab
    [],
  );

  const update = (next: TextDraft) => {
    draftRef.current = next;
    setDraft(next);
    setState('dirty');
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      timer.current = null;
      void persist();
    }, 1000);
  };
  const flush = () => {
    if (timer.current !== null) {
      window.clearTimeout(timer.current);
      timer.current = null;
      void persist();
    }
  };
  const reload = async () => {
    const fresh = await qc.fetchQuery({ queryKey: caseKey(c.id, 'detail'), queryFn: () => api.get<CaseDetailDto>(casePath.case(c.id)), staleTime: 0 });
    const d = fromCase(fresh);
    saved.current = d;
    draftRef.current = d;
    known.current = fresh.updatedAt;
    setDraft(d);
    setState('idle');
  };

  return (
    <SectionCard id="case-summary" title={t('incidentCase.overview.summaryTitle')} aside={canWrite ? <SaveStatus state={state === 'conflict' || state === 'error' ? 'idle' : state} /> : undefined}>
      <Stack gap="sm">
        {state === 'conflict' || state === 'error' ? <SaveStatus state={state} error={error} onReload={() => void reload()} onRetry={() => void persist()} /> : null}
        <Text size="sm" c="dimmed">
          {t('incidentCase.overview.summaryHelp')}
        </Text>
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {SUMMARY_ORDER.map((k) =>
            canWrite ? (
              <Textarea
                key={k}
                id={`case-summary-${k}`}
                label={t(`incidentCase.summary.${k}`)}
                description={t(`incidentCase.summaryHint.${k}`)}
                value={draft.summary[k] ?? ''}
                onChange={(e) => update({ ...draftRef.current, summary: { ...draftRef.current.summary, [k]: e.currentTarget.value } })}
                onBlur={flush}
                autosize
                minRows={2}
                maxLength={CASE_LIMITS.summaryChars}
              />
            ) : (
              <div key={k}>
                <Text size="sm" fw={700}>
                  {t(`incidentCase.summary.${k}`)}
                </Text>
                <Text size="sm" className="case-prewrap" c={draft.summary[k] ? undefined : 'dimmed'}>
                  {draft.summary[k] || t('incidentCase.overview.notYet')}
                </Text>
              </div>
            ),
          )}
        </SimpleGrid>
        {canWrite ? (
          <Textarea
            id="case-description"
            label={t('incidentCase.overview.description')}
            value={draft.description}
            onChange={(e) => update({ ...draftRef.current, description: e.currentTarget.value })}
            onBlur={flush}
            autosize
            minRows={3}
            maxLength={CASE_LIMITS.descriptionChars}
          />
        ) : (
          <div>
            <Text size="sm" fw={700}>
              {t('incidentCase.overview.description')}
            </Text>
            <Text size="sm" className="case-prewrap" c={draft.description ? undefined : 'dimmed'}>
              {draft.description || t('incidentCase.overview.notYet')}
            </Text>
          </div>
        )}
      </Stack>
    </SectionCard>
  );
}

// ── Facts (the legal clocks follow them) ─────────────────────────────────────────────────────────────────────────

/** Asked with the same words as the new-case form (incidentCases.facts.*). */
type SharedFact = 'personalData' | 'unauthorizedAccess' | 'careDisrupted' | 'crimeSuspected';
/** Asked only here, where the case is worked on. */
type MoreFact = 'leakSuspected' | 'wrongfulPurpose' | 'financialHarmPossible' | 'encryptedHighGrade';
type FlagFact = SharedFact | MoreFact;
const SHARED_FACTS: readonly FlagFact[] = ['personalData', 'unauthorizedAccess', 'careDisrupted', 'crimeSuspected'];
/** The questions in the order people can answer them. */
const FLAG_ORDER: readonly FlagFact[] = ['personalData', 'leakSuspected', 'careDisrupted', 'unauthorizedAccess', 'crimeSuspected', 'wrongfulPurpose', 'financialHarmPossible', 'encryptedHighGrade'];

function useFactText() {
  const { t } = useTranslation();
  const shared = (k: FlagFact): k is SharedFact => SHARED_FACTS.includes(k);
  return {
    question: (k: FlagFact) => (shared(k) ? t(`incidentCases.facts.${k}`) : t(`incidentCase.facts.q.${k}`)),
    help: (k: FlagFact) => (shared(k) ? t(`incidentCases.facts.${k}Help`) : t(`incidentCase.facts.hint.${k}`)),
  };
}

function FactsSection({ c, canWrite }: { c: CaseDetailDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const changed = useCaseChanged();
  const errorText = useErrorText();
  const factText = useFactText();
  const fmt = useFormat();
  const facts = c.facts;
  const [count, setCount] = useState<string | number>(facts.affectedCount ?? '');
  const [hours, setHours] = useState<string | number>(facts.insured?.reportWithinHours ?? '');
  // The server's values changed (a save here, or someone else): show them (state adjusted while rendering).
  const [seen, setSeen] = useState({ count: facts.affectedCount, hours: facts.insured?.reportWithinHours ?? null });
  if (seen.count !== facts.affectedCount || seen.hours !== (facts.insured?.reportWithinHours ?? null)) {
    setSeen({ count: facts.affectedCount, hours: facts.insured?.reportWithinHours ?? null });
    setCount(facts.affectedCount ?? '');
    setHours(facts.insured?.reportWithinHours ?? '');
  }
  const m = useMutation({
    mutationFn: (patch: Partial<IncidentClockFacts>) => api.patch<CaseDetailDto>(casePath.case(c.id), { facts: patch }),
    onSuccess: (res) => {
      qc.setQueryData(caseKey(c.id, 'detail'), res);
      changed();
      notify(t('incidentCase.facts.saved'));
    },
    onError: (e) => {
      const { title, detail } = errorText(e);
      notify(detail ?? title, { color: 'red', title: detail ? title : undefined });
    },
  });
  const yesNo = (v: boolean) => (v ? t('incidentCase.facts.yes') : t('incidentCase.facts.no'));
  const saveCount = () => {
    const n = count === '' ? null : Number(count);
    if (n !== facts.affectedCount && (n === null || (Number.isInteger(n) && n >= 0))) m.mutate({ affectedCount: n });
  };
  const saveInsured = (on: boolean, h: string | number) => {
    const n = Number(h);
    if (!on) m.mutate({ insured: null });
    else if (Number.isFinite(n) && n > 0) m.mutate({ insured: { reportWithinHours: n } });
  };
  return (
    <SectionCard id="case-facts" title={t('incidentCase.facts.title')}>
      <Stack gap="sm">
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {t('incidentCase.facts.note')}
        </Alert>
        <Stack gap={10} data-testid="case-facts">
          {FLAG_ORDER.map((k) =>
            canWrite ? (
              <Switch key={k} checked={facts[k]} disabled={m.isPending} onChange={(e) => m.mutate({ [k]: e.currentTarget.checked })} label={factText.question(k)} description={factText.help(k)} />
            ) : (
              <Group key={k} gap="xs" wrap="nowrap" align="flex-start">
                <Text size="sm" fw={700} miw={48}>
                  {yesNo(facts[k])}
                </Text>
                <Text size="sm">{factText.question(k)}</Text>
              </Group>
            ),
          )}
          {canWrite ? (
            <Group align="flex-end" gap="xs" wrap="wrap">
              <NumberInput
                label={t('incidentCases.facts.affectedCount')}
                description={t('incidentCases.facts.affectedCountHelp')}
                value={count}
                onChange={setCount}
                onBlur={saveCount}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') saveCount();
                }}
                min={0}
                allowDecimal={false}
                allowNegative={false}
                thousandSeparator=","
                w={{ base: '100%', sm: 320 }}
              />
            </Group>
          ) : (
            <Group gap="xs" wrap="nowrap">
              <Text size="sm" fw={700} miw={48}>
                {facts.affectedCount === null ? t('incidentCase.facts.unknown') : t('incidentCase.facts.people', { count: facts.affectedCount, n: fmt.number(facts.affectedCount) })}
              </Text>
              <Text size="sm">{t('incidentCases.facts.affectedCount')}</Text>
            </Group>
          )}
          {canWrite ? (
            <Stack gap={6}>
              <Switch checked={facts.insured !== null} disabled={m.isPending} onChange={(e) => saveInsured(e.currentTarget.checked, hours || 72)} label={t('incidentCases.facts.insured')} description={t('incidentCases.facts.insuredHelp')} />
              {facts.insured !== null ? (
                <NumberInput
                  label={t('incidentCases.facts.insurerHours')}
                  description={t('incidentCases.facts.insurerHoursHelp')}
                  value={hours}
                  onChange={setHours}
                  onBlur={() => {
                    if (Number(hours) !== facts.insured?.reportWithinHours) saveInsured(true, hours);
                  }}
                  min={1}
                  max={24 * 366}
                  allowNegative={false}
                  w={{ base: '100%', sm: 240 }}
                  ml={{ base: 0, sm: 54 }}
                />
              ) : null}
            </Stack>
          ) : (
            <Group gap="xs" wrap="nowrap" align="flex-start">
              <Text size="sm" fw={700} miw={48}>
                {yesNo(facts.insured !== null)}
              </Text>
              <Text size="sm">
                {t('incidentCases.facts.insured')}
                {facts.insured ? ` (${t('incidentCase.facts.insuredWithin', { hours: facts.insured.reportWithinHours })})` : ''}
              </Text>
            </Group>
          )}
        </Stack>
      </Stack>
    </SectionCard>
  );
}

// ── Response team ──────────────────────────────────────────────────────────────────────────────────────────────

function TeamSection({ c, canWrite }: { c: CaseDetailDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const [adding, setAdding] = useState(false);
  const remove = useConfirmDelete(
    (m: TeamMemberDto) => api.del(casePath.member(m.id)),
    (m) => {
      changed();
      notify(t('incidentCase.team.removed', { name: m.name }));
    },
  );
  return (
    <SectionCard
      id="case-team"
      title={t('incidentCase.team.title')}
      icon={<IconUsersGroup size={20} aria-hidden />}
      aside={
        canWrite && !adding ? (
          <Button size="compact-sm" variant="light" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setAdding(true)} className="no-print">
            {t('incidentCase.team.add')}
          </Button>
        ) : undefined
      }
    >
      <Stack gap="sm">
        {c.team.length === 0 ? (
          <Text size="sm" c="dimmed">
            {canWrite ? t('incidentCase.team.emptyWrite') : t('incidentCase.team.empty')}
          </Text>
        ) : (
          <RecordTable
            minWidth={360}
            testId="team-table"
            columns={[t('incidentCase.team.role'), t('incidentCase.team.name'), t('incidentCase.team.contact')]}
            actions={canWrite ? <VisuallyHidden>{t('common.actions')}</VisuallyHidden> : undefined}
          >
            {c.team.map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{labels.role(m.role)}</Table.Td>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {m.contact ? m.contact.includes('@') ? <Anchor href={`mailto:${m.contact.trim()}`}>{m.contact}</Anchor> : telHref(m.contact) ? <Anchor href={telHref(m.contact)!}>{m.contact}</Anchor> : m.contact : '—'}
                </Table.Td>
                {canWrite ? <RemoveCell label={t('incidentCase.team.removeLabel', { name: m.name })} onClick={() => remove.ask(m)} /> : null}
              </Table.Tr>
            ))}
          </RecordTable>
        )}
        {adding ? <TeamForm c={c} onDone={() => setAdding(false)} /> : null}
      </Stack>
      <ConfirmModal
        {...remove.modal}
        title={t('incidentCase.team.removeTitle')}
        message={remove.target ? t('incidentCase.team.removeConfirm', { name: remove.target.name, role: labels.role(remove.target.role) }) : ''}
        confirmLabel={t('incidentCase.team.remove')}
        danger
      />
    </SectionCard>
  );
}

function TeamForm({ c, onDone }: { c: CaseDetailDto; onDone: () => void }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const users = useOwnerOptions(c.facilityId);
  const [role, setRole] = useState<TeamRole>('head');
  const [userId, setUserId] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [missing, setMissing] = useState(false);
  const m = useMutation({
    mutationFn: () => api.post<TeamMemberDto>(casePath.team(c.id), { role, ...(userId ? { userId } : {}), ...(name.trim() ? { name: name.trim() } : {}), contact: contact.trim() || null }),
    onSuccess: (member) => {
      changed();
      notify(t('incidentCase.team.added', { name: member.name }));
      onDone();
    },
  });
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!userId && !name.trim()) {
          setMissing(true);
          return;
        }
        m.mutate();
      }}
    >
      <Stack gap="xs" p="sm" style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 8 }}>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
          <Select label={t('incidentCase.team.role')} required data={TEAM_ROLES.map((r) => ({ value: r, label: labels.role(r) }))} value={role} onChange={(v) => v && setRole(v as TeamRole)} allowDeselect={false} />
          <Select
            label={t('incidentCase.team.user')}
            description={t('incidentCase.team.userHelp')}
            data={users}
            value={userId}
            onChange={(v) => {
              setUserId(v);
              setMissing(false);
            }}
            searchable
            clearable
            nothingFoundMessage={t('common.nothingFound')}
          />
          <TextInput
            label={t('incidentCase.team.name')}
            description={t('incidentCase.team.nameHelp')}
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              setMissing(false);
            }}
            maxLength={CASE_LIMITS.nameChars}
            error={missing ? t('incidentCase.team.whoRequired') : undefined}
          />
          <TextInput label={t('incidentCase.team.contact')} description={t('incidentCase.team.contactHelp')} value={contact} onChange={(e) => setContact(e.currentTarget.value)} maxLength={CASE_LIMITS.contactChars} />
        </SimpleGrid>
        {m.error ? <ErrorAlert error={m.error} /> : null}
        <Group justify="flex-end" gap="xs">
          <Button variant="default" onClick={onDone}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={m.isPending}>
            {t('incidentCase.team.addSubmit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
