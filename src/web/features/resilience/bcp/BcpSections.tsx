import { useState, type ReactNode } from 'react';
import { ActionIcon, Anchor, Badge, Button, Card, Checkbox, Group, NumberInput, Progress, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconExternalLink, IconPhone, IconPlus, IconTrash } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import {
  BCP_AUDIENCE_LABELS,
  BCP_AUDIENCES,
  BCP_LIMITS,
  BCP_PLACEHOLDERS,
  BCP_STEP_LABELS,
  fillBcpMessage,
  type BcpAudience,
  type BcpContent,
  type BcpDepartment,
  type BcpMessage,
  type BcpRecoveryProcedure,
} from '../../../../shared/resilience/bcp.ts';
import { callChain, entryName, telHref, useContactChart } from '../../incidents/contacts.ts';
import { checklistByStep, messageText, moveItem, percent, removeAt, replaceAt, systemsWithoutProcedure, useLedgerSystems } from './bcp.ts';

type Update = (edit: (c: BcpContent) => BcpContent) => void;

/** What a section gets: the content, the edit function, whether it is read-only, and the removal confirmation. */
export interface SectionProps {
  content: BcpContent;
  update: Update;
  readOnly: boolean;
  /** Asks before removing something that has text in it (`name` names it in the question). */
  askRemove: (name: string, remove: () => void) => void;
}

/** A text field while editing; its text (or "not written") when read-only. */
function Field({ id, label, value, onChange, readOnly, multiline = false, max, description, required = false }: { id: string; label: string; value: string; onChange: (v: string) => void; readOnly: boolean; multiline?: boolean; max: number; description?: string; required?: boolean }) {
  const { t } = useTranslation();
  if (readOnly) {
    return (
      <div>
        <Text size="sm" fw={700}>
          {label}
        </Text>
        <Text size="sm" c={value.trim() ? undefined : 'dimmed'} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {value.trim() || t('resilienceBcp.editor.notWritten')}
        </Text>
      </div>
    );
  }
  return multiline ? (
    <Textarea id={id} label={label} description={description} value={value} onChange={(e) => onChange(e.currentTarget.value)} autosize minRows={3} maxRows={16} maxLength={max} withAsterisk={required} />
  ) : (
    <TextInput id={id} label={label} description={description} value={value} onChange={(e) => onChange(e.currentTarget.value)} maxLength={max} withAsterisk={required} />
  );
}

/** ↑ ↓ and remove of one item of a list (each with a name that says which item). */
function ItemControls({ name, index, count, onMove, onRemove }: { name: string; index: number; count: number; onMove: (delta: -1 | 1) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap" className="no-print">
      <ActionIcon variant="default" size="lg" aria-label={t('resilienceBcp.editor.moveUp', { name })} disabled={index === 0} onClick={() => onMove(-1)}>
        <IconArrowUp size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon variant="default" size="lg" aria-label={t('resilienceBcp.editor.moveDown', { name })} disabled={index === count - 1} onClick={() => onMove(1)}>
        <IconArrowDown size={16} aria-hidden />
      </ActionIcon>
      <ActionIcon variant="default" color="red" size="lg" aria-label={t('resilienceBcp.editor.remove', { name })} onClick={onRemove}>
        <IconTrash size={16} aria-hidden />
      </ActionIcon>
    </Group>
  );
}

function SectionHelp({ children }: { children: ReactNode }) {
  return (
    <Text size="sm" c="dimmed">
      {children}
    </Text>
  );
}

// ── Basics ─────────────────────────────────────────────────────────────────────────────────────

export function BasicsSection({ content, update, readOnly }: SectionProps) {
  const { t } = useTranslation();
  const b = content.basics;
  const set = (k: 'purpose' | 'scope' | 'sites' | 'assumptions') => (v: string) => update((c) => ({ ...c, basics: { ...c.basics, [k]: v } }));
  return (
    <Stack gap="sm">
      <SectionHelp>{t('resilienceBcp.basics.help')}</SectionHelp>
      <Field id="bcp-basics-purpose" label={t('resilienceBcp.basics.purpose')} value={b.purpose} onChange={set('purpose')} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} required />
      <Field id="bcp-basics-scope" label={t('resilienceBcp.basics.scope')} value={b.scope} onChange={set('scope')} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} required />
      <Field id="bcp-basics-sites" label={t('resilienceBcp.basics.sites')} value={b.sites} onChange={set('sites')} readOnly={readOnly} max={BCP_LIMITS.textChars} />
      <Field id="bcp-basics-assumptions" label={t('resilienceBcp.basics.assumptions')} value={b.assumptions} onChange={set('assumptions')} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} />
      {readOnly ? (
        <Text size="sm">{t('resilienceBcp.basics.reviewCycleRead', { months: b.reviewCycleMonths })}</Text>
      ) : (
        <NumberInput
          id="bcp-basics-review"
          label={t('resilienceBcp.basics.reviewCycle')}
          description={t('resilienceBcp.basics.reviewCycleHelp')}
          min={1}
          max={60}
          step={1}
          allowDecimal={false}
          value={b.reviewCycleMonths}
          onChange={(v) => {
            const n = typeof v === 'number' ? v : Number(v);
            if (Number.isInteger(n) && n >= 1 && n <= 60) update((c) => ({ ...c, basics: { ...c.basics, reviewCycleMonths: n } }));
          }}
          maw={240}
        />
      )}
    </Stack>
  );
}

// ── Triggers ─────────────────────────────────────────────────────────────────────────────────────

export function TriggersSection({ content, update, readOnly, askRemove }: SectionProps) {
  const { t } = useTranslation();
  const items = content.triggers;
  const setAt = (i: number, text: string) => update((c) => ({ ...c, triggers: replaceAt(c.triggers, i, { text }) }));
  const removeIt = (i: number) => update((c) => ({ ...c, triggers: removeAt(c.triggers, i) }));
  return (
    <Stack gap="sm">
      <SectionHelp>{t('resilienceBcp.triggers.help')}</SectionHelp>
      {items.length === 0 ? <Text size="sm">{t('resilienceBcp.triggers.empty')}</Text> : null}
      <Stack component="ol" gap="xs" style={{ paddingLeft: readOnly ? '1.4rem' : 0, listStyle: readOnly ? 'decimal' : 'none', margin: 0 }}>
        {items.map((tr, i) => {
          const name = t('resilienceBcp.triggers.item', { n: i + 1 });
          return (
            <li key={i}>
              {readOnly ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {tr.text}
                </Text>
              ) : (
                <Group gap="xs" align="flex-end" wrap="nowrap">
                  <Textarea id={`bcp-trigger-${i}`} label={name} value={tr.text} onChange={(e) => setAt(i, e.currentTarget.value)} autosize minRows={1} maxLength={BCP_LIMITS.textChars} style={{ flex: 1, minWidth: 0 }} />
                  <ItemControls
                    name={name}
                    index={i}
                    count={items.length}
                    onMove={(d) => update((c) => ({ ...c, triggers: moveItem(c.triggers, i, d) }))}
                    onRemove={() => (tr.text.trim() ? askRemove(name, () => removeIt(i)) : removeIt(i))}
                  />
                </Group>
              )}
            </li>
          );
        })}
      </Stack>
      {readOnly || items.length >= BCP_LIMITS.listItems ? null : (
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => update((c) => ({ ...c, triggers: [...c.triggers, { text: '' }] }))} style={{ alignSelf: 'flex-start' }}>
          {t('resilienceBcp.triggers.add')}
        </Button>
      )}
    </Stack>
  );
}

// ── Command structure ──────────────────────────────────────────────────────────────────────────────────

export function CommandSection({ content, update, readOnly, facilityId, canReadContacts }: SectionProps & { facilityId: string; canReadContacts: boolean }) {
  const { t } = useTranslation();
  const c = content.command;
  const set = (k: keyof BcpContent['command']) => (v: string) => update((x) => ({ ...x, command: { ...x.command, [k]: v } }));
  return (
    <Stack gap="sm">
      <SectionHelp>{t('resilienceBcp.command.help')}</SectionHelp>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Field id="bcp-command-lead" label={t('resilienceBcp.command.lead')} value={c.lead} onChange={set('lead')} readOnly={readOnly} max={BCP_LIMITS.shortChars} required />
        <Field id="bcp-command-deputy" label={t('resilienceBcp.command.deputy')} value={c.deputy} onChange={set('deputy')} readOnly={readOnly} max={BCP_LIMITS.shortChars} />
        <Field id="bcp-command-place" label={t('resilienceBcp.command.place')} value={c.place} onChange={set('place')} readOnly={readOnly} max={BCP_LIMITS.shortChars} required />
        <Field id="bcp-command-alternate" label={t('resilienceBcp.command.alternatePlace')} value={c.alternatePlace} onChange={set('alternatePlace')} readOnly={readOnly} max={BCP_LIMITS.shortChars} />
      </SimpleGrid>
      <Field id="bcp-command-called" label={t('resilienceBcp.command.howCalled')} value={c.howCalled} onChange={set('howCalled')} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} required />
      <Field id="bcp-command-notes" label={t('resilienceBcp.command.notes')} value={c.notes} onChange={set('notes')} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} />
      <ContactPreview facilityId={facilityId} enabled={canReadContacts} />
    </Stack>
  );
}

const PREVIEW_ENTRIES = 5;

/** The first people of the contact chart (read-only; the chart itself is edited on its own page). */
function ContactPreview({ facilityId, enabled }: { facilityId: string; enabled: boolean }) {
  const { t } = useTranslation();
  const chart = useContactChart(facilityId, enabled);
  const chain = chart.data ? callChain(chart.data.internal).slice(0, PREVIEW_ENTRIES) : [];
  return (
    <Card withBorder radius="md" p="sm" component="section" aria-labelledby="bcp-contact-preview" bg="var(--mantine-color-gray-0)">
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Title order={3} size="h5" id="bcp-contact-preview">
          {t('resilienceBcp.command.chartTitle')}
        </Title>
        <Anchor component={Link} to={PATHS.incidentContacts} size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 4 }}>
          {t('resilienceBcp.command.chartLink')}
          <IconExternalLink size={14} aria-hidden />
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t('resilienceBcp.command.chartHelp')}
      </Text>
      {!enabled ? null : chart.isPending ? (
        <Text size="sm">{t('common.loading')}</Text>
      ) : chain.length === 0 ? (
        <Text size="sm">{t('resilienceBcp.command.chartEmpty')}</Text>
      ) : (
        <Stack component="ol" gap={4} style={{ paddingLeft: '1.4rem', margin: 0 }} data-testid="bcp-contact-preview">
          {chain.map(({ entry }) => {
            const href = telHref(entry.phone);
            return (
              <li key={entry.id}>
                <Group gap="xs" wrap="wrap">
                  <Text size="sm" fw={700}>
                    {entry.roleLabel}
                  </Text>
                  <Text size="sm">{entryName(entry) === entry.roleLabel ? '' : entryName(entry)}</Text>
                  {entry.phone ? (
                    href ? (
                      <Anchor href={href} size="sm" style={{ display: 'inline-flex', alignItems: 'center', gap: 2 }}>
                        <IconPhone size={14} aria-hidden />
                        {entry.phone}
                      </Anchor>
                    ) : (
                      <Text size="sm">{entry.phone}</Text>
                    )
                  ) : null}
                </Group>
              </li>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}

// ── Paper operation per department ────────────────────────────────────────────────────────────────────────────────

const EMPTY_DEPARTMENT: BcpDepartment = { name: '', stops: '', paperProcedure: '', materials: '', owner: '', onRecovery: '' };

export function DepartmentsSection({ content, update, readOnly, askRemove }: SectionProps) {
  const { t } = useTranslation();
  const items = content.departments;
  const setAt = (i: number, patch: Partial<BcpDepartment>) => update((c) => ({ ...c, departments: replaceAt(c.departments, i, { ...c.departments[i]!, ...patch }) }));
  const removeIt = (i: number) => update((c) => ({ ...c, departments: removeAt(c.departments, i) }));
  return (
    <Stack gap="sm">
      <SectionHelp>{t('resilienceBcp.departments.help')}</SectionHelp>
      {items.length === 0 ? <Text size="sm">{t('resilienceBcp.departments.empty')}</Text> : null}
      {items.map((d, i) => {
        const name = d.name.trim() || t('resilienceBcp.departments.unnamed', { n: i + 1 });
        const hasText = Object.values(d).some((v) => v.trim() !== '');
        return (
          <Card key={i} withBorder radius="md" p="sm" component="section" aria-labelledby={`bcp-dept-${i}-title`} data-testid="bcp-department">
            <Group justify="space-between" wrap="nowrap" gap="xs" mb="xs" align="flex-start">
              <Title order={3} size="h5" id={`bcp-dept-${i}-title`} style={{ overflowWrap: 'anywhere' }}>
                {name}
              </Title>
              {readOnly ? null : (
                <ItemControls
                  name={name}
                  index={i}
                  count={items.length}
                  onMove={(delta) => update((c) => ({ ...c, departments: moveItem(c.departments, i, delta) }))}
                  onRemove={() => (hasText ? askRemove(name, () => removeIt(i)) : removeIt(i))}
                />
              )}
            </Group>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Field id={`bcp-dept-${i}-name`} label={t('resilienceBcp.departments.name')} value={d.name} onChange={(v) => setAt(i, { name: v })} readOnly={readOnly} max={BCP_LIMITS.shortChars} required />
                <Field id={`bcp-dept-${i}-owner`} label={t('resilienceBcp.departments.owner')} value={d.owner} onChange={(v) => setAt(i, { owner: v })} readOnly={readOnly} max={BCP_LIMITS.shortChars} />
              </SimpleGrid>
              <Field id={`bcp-dept-${i}-stops`} label={t('resilienceBcp.departments.stops')} value={d.stops} onChange={(v) => setAt(i, { stops: v })} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} />
              <Field id={`bcp-dept-${i}-paper`} label={t('resilienceBcp.departments.paperProcedure')} value={d.paperProcedure} onChange={(v) => setAt(i, { paperProcedure: v })} readOnly={readOnly} multiline max={BCP_LIMITS.longChars} required />
              <Field id={`bcp-dept-${i}-materials`} label={t('resilienceBcp.departments.materials')} value={d.materials} onChange={(v) => setAt(i, { materials: v })} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} />
              <Field id={`bcp-dept-${i}-recovery`} label={t('resilienceBcp.departments.onRecovery')} value={d.onRecovery} onChange={(v) => setAt(i, { onRecovery: v })} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} />
            </Stack>
          </Card>
        );
      })}
      {readOnly || items.length >= BCP_LIMITS.listItems ? null : (
        <Button variant="light" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => update((c) => ({ ...c, departments: [...c.departments, { ...EMPTY_DEPARTMENT }] }))} style={{ alignSelf: 'flex-start' }}>
          {t('resilienceBcp.departments.add')}
        </Button>
      )}
    </Stack>
  );
}

// ── Recovery procedure per system ──────────────────────────────────────────────────────────────────────────

const EMPTY_PROCEDURE: BcpRecoveryProcedure = { assetId: null, systemName: '', procedure: '', owner: '', vendorIds: [], prerequisites: '' };

export function RecoverySection({ content, update, readOnly, askRemove, facilityId, canReadLedger }: SectionProps & { facilityId: string; canReadLedger: boolean }) {
  const { t } = useTranslation();
  const systems = useLedgerSystems(facilityId, canReadLedger && !readOnly);
  const [pick, setPick] = useState<string | null>(null);
  const items = content.recovery;
  const all = (systems.data?.items ?? []).filter((a) => !(a as { deletedAt?: string | null }).deletedAt);
  const candidates = systemsWithoutProcedure(all, content);
  const core = candidates.filter((a) => a.criticality <= 2);
  const setAt = (i: number, patch: Partial<BcpRecoveryProcedure>) => update((c) => ({ ...c, recovery: replaceAt(c.recovery, i, { ...c.recovery[i]!, ...patch }) }));
  const removeIt = (i: number) => update((c) => ({ ...c, recovery: removeAt(c.recovery, i) }));
  const addSystems = (ids: readonly string[]) => {
    const chosen = all.filter((a) => ids.includes(a.id));
    update((c) => {
      const fresh = systemsWithoutProcedure(chosen, c).map((a) => ({ ...EMPTY_PROCEDURE, assetId: a.id, systemName: a.name }));
      return { ...c, recovery: [...c.recovery, ...fresh].slice(0, BCP_LIMITS.listItems) };
    });
  };
  const ledgerNames = new Map(all.map((a) => [a.id, a]));
  return (
    <Stack gap="sm">
      <SectionHelp>{t('resilienceBcp.recovery.help')}</SectionHelp>
      {items.length === 0 ? <Text size="sm">{t('resilienceBcp.recovery.empty')}</Text> : null}
      {items.map((r, i) => {
        const name = r.systemName.trim() || t('resilienceBcp.recovery.unnamed', { n: i + 1 });
        const hasText = [r.procedure, r.owner, r.prerequisites].some((v) => v.trim() !== '');
        const asset = r.assetId ? ledgerNames.get(r.assetId) : undefined;
        return (
          <Card key={i} withBorder radius="md" p="sm" component="section" aria-labelledby={`bcp-rec-${i}-title`} data-testid="bcp-recovery">
            <Group justify="space-between" wrap="nowrap" gap="xs" mb="xs" align="flex-start">
              <Group gap="xs" wrap="wrap">
                <Title order={3} size="h5" id={`bcp-rec-${i}-title`} style={{ overflowWrap: 'anywhere' }}>
                  {name}
                </Title>
                <Badge variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>
                  {r.assetId ? t('resilienceBcp.recovery.fromLedger') : t('resilienceBcp.recovery.notInLedger')}
                </Badge>
                {asset ? (
                  <Badge variant="light" color={asset.criticality <= 2 ? 'red' : 'gray'} radius="sm" style={{ textTransform: 'none' }}>
                    {t('resilienceBcp.recovery.criticality', { n: asset.criticality })}
                  </Badge>
                ) : null}
              </Group>
              {readOnly ? null : (
                <ItemControls
                  name={name}
                  index={i}
                  count={items.length}
                  onMove={(delta) => update((c) => ({ ...c, recovery: moveItem(c.recovery, i, delta) }))}
                  onRemove={() => (hasText ? askRemove(name, () => removeIt(i)) : removeIt(i))}
                />
              )}
            </Group>
            <Stack gap="xs">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <Field id={`bcp-rec-${i}-name`} label={t('resilienceBcp.recovery.systemName')} value={r.systemName} onChange={(v) => setAt(i, { systemName: v })} readOnly={readOnly} max={BCP_LIMITS.shortChars} required />
                <Field id={`bcp-rec-${i}-owner`} label={t('resilienceBcp.recovery.owner')} value={r.owner} onChange={(v) => setAt(i, { owner: v })} readOnly={readOnly} max={BCP_LIMITS.shortChars} />
              </SimpleGrid>
              <Field id={`bcp-rec-${i}-pre`} label={t('resilienceBcp.recovery.prerequisites')} value={r.prerequisites} onChange={(v) => setAt(i, { prerequisites: v })} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} />
              <Field id={`bcp-rec-${i}-proc`} label={t('resilienceBcp.recovery.procedure')} description={readOnly ? undefined : t('resilienceBcp.recovery.procedureHelp')} value={r.procedure} onChange={(v) => setAt(i, { procedure: v })} readOnly={readOnly} multiline max={BCP_LIMITS.longChars} required />
            </Stack>
          </Card>
        );
      })}
      {readOnly || items.length >= BCP_LIMITS.listItems ? null : (
        <Card withBorder radius="md" p="sm" className="no-print">
          <Stack gap="xs">
            {canReadLedger ? (
              <Group align="flex-end" gap="xs" wrap="wrap">
                <Select
                  id="bcp-recovery-pick"
                  label={t('resilienceBcp.recovery.pick')}
                  placeholder={systems.isPending ? t('common.loading') : t('resilienceBcp.recovery.pickPlaceholder')}
                  data={candidates.map((a) => ({ value: a.id, label: `${a.name} (${t('resilienceBcp.recovery.criticality', { n: a.criticality })})` }))}
                  value={pick}
                  onChange={setPick}
                  searchable
                  clearable
                  nothingFoundMessage={t('resilienceBcp.recovery.pickNone')}
                  style={{ flex: '1 1 16rem' }}
                />
                <Button
                  variant="light"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  disabled={!pick}
                  onClick={() => {
                    if (pick) addSystems([pick]);
                    setPick(null);
                  }}
                >
                  {t('resilienceBcp.recovery.addPicked')}
                </Button>
              </Group>
            ) : null}
            <Group gap="xs" wrap="wrap">
              {core.length > 0 ? (
                <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => addSystems(core.map((a) => a.id))}>
                  {t('resilienceBcp.recovery.addCore', { n: core.length })}
                </Button>
              ) : null}
              <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => update((c) => ({ ...c, recovery: [...c.recovery, { ...EMPTY_PROCEDURE }] }))}>
                {t('resilienceBcp.recovery.addManual')}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t('resilienceBcp.recovery.orderHint')}{' '}
              <Anchor component={Link} to={PATHS.recovery} size="xs" underline="always">
                {t('resilienceBcp.recovery.orderLink')}
              </Anchor>
            </Text>
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

// ── Message templates ─────────────────────────────────────────────────────────────────────────────────────

export function MessagesSection({ content, update, readOnly, askRemove, facilityName }: SectionProps & { facilityName: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const setAt = (i: number, patch: Partial<BcpMessage>) => update((c) => ({ ...c, messages: replaceAt(c.messages, i, { ...c.messages[i]!, ...patch }) }));
  const removeIt = (i: number) => update((c) => ({ ...c, messages: removeAt(c.messages, i) }));
  const add = (audience: BcpAudience) => update((c) => ({ ...c, messages: [...c.messages, { audience, title: '', body: '' }] }));
  const indexed = content.messages.map((m, i) => ({ m, i }));
  return (
    <Stack gap="md">
      <SectionHelp>{t('resilienceBcp.messages.help', { facility: BCP_PLACEHOLDERS[0], occurred: BCP_PLACEHOLDERS[1] })}</SectionHelp>
      {BCP_AUDIENCES.map((audience) => {
        const mine = indexed.filter((x) => x.m.audience === audience);
        const label = BCP_AUDIENCE_LABELS[audience][fmt.locale];
        return (
          <section key={audience} aria-labelledby={`bcp-msg-${audience}`}>
            <Title order={3} size="h5" id={`bcp-msg-${audience}`} mb={6}>
              {label}
            </Title>
            <Stack gap="xs">
              {mine.length === 0 ? <Text size="sm">{t('resilienceBcp.messages.none')}</Text> : null}
              {mine.map(({ m, i }, k) => {
                const name = m.title.trim() || t('resilienceBcp.messages.unnamed', { audience: label, n: k + 1 });
                const copyValue = fillBcpMessage(messageText(m), { facilityName: facilityName || BCP_PLACEHOLDERS[0], occurredAt: BCP_PLACEHOLDERS[1] });
                return (
                  <Card key={i} withBorder radius="md" p="sm" data-testid="bcp-message" data-audience={audience}>
                    <Stack gap="xs">
                      <Field id={`bcp-msg-${i}-title`} label={t('resilienceBcp.messages.title')} value={m.title} onChange={(v) => setAt(i, { title: v })} readOnly={readOnly} max={BCP_LIMITS.shortChars} />
                      <Field id={`bcp-msg-${i}-body`} label={t('resilienceBcp.messages.body')} value={m.body} onChange={(v) => setAt(i, { body: v })} readOnly={readOnly} multiline max={BCP_LIMITS.textChars} required />
                      <Group gap="xs" justify="space-between" wrap="wrap" className="no-print">
                        <CopyButton value={copyValue} label={t('resilienceBcp.messages.copy')} size="compact-sm" disabled={!copyValue} aria-label={t('resilienceBcp.messages.copyLabel', { name })} />
                        {readOnly ? null : (
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            color="red"
                            leftSection={<IconTrash size={14} aria-hidden />}
                            aria-label={t('resilienceBcp.editor.remove', { name })}
                            onClick={() => (m.title.trim() || m.body.trim() ? askRemove(name, () => removeIt(i)) : removeIt(i))}
                          >
                            {t('resilienceBcp.messages.remove')}
                          </Button>
                        )}
                      </Group>
                    </Stack>
                  </Card>
                );
              })}
              {readOnly || content.messages.length >= BCP_LIMITS.listItems ? null : (
                <Button variant="subtle" size="compact-sm" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => add(audience)} style={{ alignSelf: 'flex-start' }}>
                  {t('resilienceBcp.messages.add', { audience: label })}
                </Button>
              )}
            </Stack>
          </section>
        );
      })}
    </Stack>
  );
}

// ── Checklist (five steps) ──────────────────────────────────────────────────────────────────────────────────────

export function ChecklistSection({ content, update, readOnly }: SectionProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const groups = checklistByStep();
  const entry = (id: string) => content.checklist[id] ?? { checked: false, note: '' };
  const setEntry = (id: string, patch: Partial<{ checked: boolean; note: string }>) =>
    update((c) => ({ ...c, checklist: { ...c.checklist, [id]: { ...(c.checklist[id] ?? { checked: false, note: '' }), ...patch } } }));
  return (
    <Stack gap="md">
      <SectionHelp>{t('resilienceBcp.checklist.help')}</SectionHelp>
      {groups.map(({ step, items }, n) => {
        const done = items.filter((i) => entry(i.id).checked).length;
        const label = BCP_STEP_LABELS[step][fmt.locale];
        return (
          <Card key={step} withBorder radius="md" p="sm" component="section" aria-labelledby={`bcp-step-${step}`} data-testid="bcp-step" data-step={step}>
            <Group justify="space-between" wrap="wrap" gap="xs" mb={4}>
              <Title order={3} size="h5" id={`bcp-step-${step}`}>
                {t('resilienceBcp.checklist.stepTitle', { n: n + 1, step: label })}
              </Title>
              <Text size="sm" fw={700} data-testid="bcp-step-progress">
                {t('resilienceBcp.checklist.progress', { done, total: items.length })}
              </Text>
            </Group>
            <Progress value={percent(done, items.length)} color={done === items.length ? 'green' : 'blue'} aria-label={t('resilienceBcp.checklist.progressLabel', { step: label, done, total: items.length })} mb="sm" />
            <Stack gap="sm">
              {items.map((item) => {
                const e = entry(item.id);
                const text = fmt.locale === 'ja' ? item.ja : item.en;
                return (
                  <div key={item.id}>
                    <Checkbox id={`bcp-check-${item.id}`} label={text} checked={e.checked} disabled={readOnly} onChange={(ev) => setEntry(item.id, { checked: ev.currentTarget.checked })} />
                    {readOnly ? (
                      e.note.trim() ? (
                        <Text size="sm" c="dimmed" ml={32} style={{ whiteSpace: 'pre-wrap' }}>
                          {t('resilienceBcp.checklist.noteRead', { note: e.note })}
                        </Text>
                      ) : null
                    ) : (
                      <Textarea
                        ml={32}
                        mt={4}
                        size="xs"
                        aria-label={t('resilienceBcp.checklist.noteLabel', { item: text })}
                        placeholder={t('resilienceBcp.checklist.notePlaceholder')}
                        value={e.note}
                        onChange={(ev) => setEntry(item.id, { note: ev.currentTarget.value })}
                        autosize
                        minRows={1}
                        maxLength={BCP_LIMITS.textChars}
                      />
                    )}
                  </div>
                );
              })}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
