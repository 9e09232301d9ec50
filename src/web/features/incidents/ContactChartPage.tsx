import { useState, type ReactNode } from 'react';
import { Alert, Button, Group, List, Paper, Stack, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileTypePdf, IconInfoCircle, IconPhoneCall, IconPlus, IconPrinter } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useErrorText } from '../../components/errors.ts';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import type { ContactSide } from '../../../shared/incidents/contacts.ts';
import type { ContactChartDto, ContactEntryDto } from '../../../shared/contracts/contacts.contract.ts';
import { useReasonText } from '../assessments/reasonText.ts';
import { useSession } from '../session/SessionContext.tsx';
import { usePermissions } from '../session/permissions.ts';
import { ContactCard, type CardControls } from './ContactCard.tsx';
import { ContactFormModal } from './ContactFormModal.tsx';
import {
  CONTACTS_KEY,
  callChain,
  chainIds,
  contactPath,
  entryName,
  externalGroups,
  externalOrderAfterMove,
  kindLabel,
  move,
  useContactChart,
  useContactsChanged,
  withOrder,
  type ContactDraft,
} from './contacts.ts';

type FormState = { entry?: ContactEntryDto; initial?: Partial<ContactDraft> } | null;

/**
 * The contact chart: who is called, in which order, when an incident happens. Everyone of the facility reads it (staff
 * included: that is the point); the security manager adds, edits, deletes and reorders (↑ / ↓, the whole side's order
 * is saved). The version stamp tells whether a printed copy is current.
 */
export function ContactChartPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('contacts.read', facilityId));
  const canWrite = facilityId !== null && (perm.isAdmin || perm.can('contacts.write', facilityId));
  const chart = useContactChart(facilityId, canRead);

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('incidents.contacts.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('incidents.contacts.unavailable')} />
      </>
    );
  }
  if (chart.isPending) {
    return (
      <>
        <PageHeader title={t('incidents.contacts.title')} description={t('incidents.contacts.description')} />
        <Loading />
      </>
    );
  }
  if (chart.error) {
    return (
      <>
        <PageHeader title={t('incidents.contacts.title')} description={t('incidents.contacts.description')} />
        <ErrorAlert error={chart.error} />
      </>
    );
  }
  return <Chart facilityId={facilityId} chart={chart.data} canWrite={canWrite} />;
}

function Chart({ facilityId, chart, canWrite }: { facilityId: string; chart: ContactChartDto; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const changed = useContactsChanged();
  const errorText = useErrorText();
  const [form, setForm] = useState<FormState>(null);
  const [announcement, setAnnouncement] = useState('');
  const key = [...CONTACTS_KEY, facilityId];

  const reorder = useMutation({
    mutationFn: ({ side, ids }: { side: ContactSide; ids: string[]; focus: string; name: string; n: number }) => api.put<unknown>(contactPath.order(facilityId), { side, ids }),
    onMutate: async ({ side, ids, focus, name, n }) => {
      await qc.cancelQueries({ queryKey: key });
      const prev = qc.getQueryData<ContactChartDto>(key);
      if (prev) qc.setQueryData(key, withOrder(prev, side, ids));
      setAnnouncement(t('incidents.contacts.moved', { name, n }));
      // Keep the keyboard where it was: on the moved card's arrow (the other one when this one reached the end).
      requestAnimationFrame(() => {
        const [id, dir] = focus.split('|');
        const here = document.getElementById(`contact-${id}-${dir}`) as HTMLButtonElement | null;
        const other = document.getElementById(`contact-${id}-${dir === 'up' ? 'down' : 'up'}`) as HTMLButtonElement | null;
        (here && !here.disabled ? here : other)?.focus();
      });
      return { prev };
    },
    onError: (e, _v, ctx) => {
      if (ctx?.prev) qc.setQueryData(key, ctx.prev);
      const { title, detail } = errorText(e);
      notify(detail ?? title, { color: 'red', title: detail ? title : undefined });
    },
    onSettled: () => changed(),
  });

  const remove = useConfirmDelete(
    (e: ContactEntryDto) => api.del(contactPath.entry(e.id)),
    (e) => {
      changed();
      notify(t('incidents.contacts.delete.done', { name: entryName(e) }));
    },
  );

  const chain = callChain(chart.internal);
  const groups = externalGroups(chart.external);
  const empty = chart.internal.length === 0 && chart.external.length === 0;

  const controlsFor = (entry: ContactEntryDto, side: ContactSide, order: (delta: -1 | 1) => string[] | null, n: (delta: -1 | 1) => number): CardControls | undefined => {
    if (!canWrite) return undefined;
    const go = (delta: -1 | 1) => {
      const ids = order(delta);
      if (!ids || reorder.isPending) return;
      reorder.mutate({ side, ids, focus: `${entry.id}|${delta < 0 ? 'up' : 'down'}`, name: entryName(entry), n: n(delta) });
    };
    return {
      onUp: order(-1) ? () => go(-1) : undefined,
      onDown: order(1) ? () => go(1) : undefined,
      onEdit: () => setForm({ entry }),
      onDelete: () => remove.ask(entry),
    };
  };

  // Internal: principals move in the chain (their deputies travel with them); deputies move among their principal's deputies.
  const principalControls = (i: number) =>
    controlsFor(
      chain[i]!.entry,
      'internal',
      (delta) => (i + delta < 0 || i + delta >= chain.length ? null : chainIds(move(chain, i, delta))),
      (delta) => i + delta + 1,
    );
  const deputyControls = (i: number) => (dep: ContactEntryDto) => {
    const deps = chain[i]!.deputies;
    const j = deps.findIndex((d) => d.id === dep.id);
    return controlsFor(
      dep,
      'internal',
      (delta) => (j + delta < 0 || j + delta >= deps.length ? null : chainIds(chain.map((l, k) => (k === i ? { ...l, deputies: move(deps, j, delta) } : l)))),
      (delta) => j + delta + 1,
    );
  };
  const externalControls = (entry: ContactEntryDto, kindIndex: number, j: number) => {
    const g = groups[kindIndex]!;
    return controlsFor(
      entry,
      'external',
      (delta) => (j + delta < 0 || j + delta >= g.entries.length ? null : externalOrderAfterMove(groups, g.kind, j, delta)),
      (delta) => j + delta + 1,
    );
  };

  const internalEntries = chart.internal;
  const addButton = canWrite ? (
    <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setForm({ initial: { side: chart.internal.length > 0 && chart.external.length === 0 ? 'external' : 'internal' } })}>
      {t('incidents.contacts.add')}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={t('incidents.contacts.title')}
        description={t('incidents.contacts.description')}
        actions={
          <>
            <Button component="a" href={contactPath.export(facilityId, 'html', fmt.locale)} target="_blank" rel="noopener" variant="default" leftSection={<IconPrinter size={16} aria-hidden />}>
              {t('incidents.contacts.printHtml')}
            </Button>
            <Button component="a" href={contactPath.export(facilityId, 'pdf', fmt.locale)} download variant="default" leftSection={<IconFileTypePdf size={16} aria-hidden />}>
              {t('incidents.contacts.pdf')}
            </Button>
            {addButton}
          </>
        }
      />
      <Stack gap="lg">
        <Group gap="md" wrap="wrap">
          <Tooltip label={t('incidents.contacts.versionHelp')} withArrow multiline w={260}>
            <Text fw={700} ff="monospace" data-testid="contact-chart-version" tabIndex={0}>
              {t('incidents.contacts.version', { version: chart.version })}
            </Text>
          </Tooltip>
          <Text size="sm" c="dimmed">
            {chart.updatedAt ? t('incidents.contacts.updatedAt', { date: fmt.dateTime(chart.updatedAt) }) : t('incidents.contacts.neverUpdated')}
          </Text>
        </Group>
        {canWrite ? null : (
          <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
            {t('incidents.contacts.readOnly')}
          </Alert>
        )}
        <Completeness chart={chart} />
        {empty ? <ChartEmptyState canWrite={canWrite} action={addButton} /> : null}
        {empty ? null : (
          <Paper component="section" aria-labelledby="contacts-internal" withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
            <Title order={2} size="h3" id="contacts-internal">
              {t('incidents.contacts.internal.title')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('incidents.contacts.internal.description')}
            </Text>
            {chain.length === 0 ? (
              <Text size="sm">{t('incidents.contacts.internal.empty')}</Text>
            ) : (
              <Stack component="ol" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {chain.map((l, i) => (
                  <li key={l.entry.id}>
                    <ContactCard entry={l.entry} number={i + 1} deputies={l.deputies} controls={principalControls(i)} deputyControls={deputyControls(i)} />
                  </li>
                ))}
              </Stack>
            )}
          </Paper>
        )}
        {empty ? null : (
          <Paper component="section" aria-labelledby="contacts-external" withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
            <Title order={2} size="h3" id="contacts-external">
              {t('incidents.contacts.external.title')}
            </Title>
            <Text size="sm" c="dimmed" mb="sm">
              {t('incidents.contacts.external.description')}
            </Text>
            {groups.length === 0 ? (
              <Text size="sm">{t('incidents.contacts.external.empty')}</Text>
            ) : (
              <Stack gap="md">
                {groups.map((g, k) => (
                  <section key={g.kind} aria-labelledby={`contacts-kind-${g.kind}`}>
                    <Title order={3} size="h5" mb={6} id={`contacts-kind-${g.kind}`}>
                      {kindLabel(g.kind, fmt.locale)}
                    </Title>
                    <Stack component="ul" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                      {g.entries.map((e, j) => (
                        <li key={e.id}>
                          <ContactCard entry={e} controls={externalControls(e, k, j)} />
                        </li>
                      ))}
                    </Stack>
                  </section>
                ))}
              </Stack>
            )}
          </Paper>
        )}
        {canWrite && chart.vendorSuggestions.length > 0 ? <Suggestions chart={chart} onAdd={(initial) => setForm({ initial })} /> : null}
      </Stack>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      {form ? <ContactFormModal key={form.entry?.id ?? 'new'} facilityId={facilityId} entry={form.entry} initial={form.initial} internalEntries={internalEntries} onClose={() => setForm(null)} /> : null}
      <ConfirmModal
        {...remove.modal}
        title={t('incidents.contacts.delete.title')}
        message={remove.target ? t('incidents.contacts.delete.confirm', { name: t('incidents.contacts.who', { name: entryName(remove.target), role: remove.target.roleLabel }) }) : ''}
        confirmLabel={t('incidents.contacts.card.delete')}
        danger
      />
    </>
  );
}

/** What checklist 3(1) would say: green only when complete, always with text and an icon. */
function Completeness({ chart }: { chart: ContactChartDto }) {
  const { t } = useTranslation();
  const text = useReasonText();
  const { complete, reasons } = chart.completeness;
  return (
    <Alert
      color={complete ? 'green' : 'orange'}
      variant="light"
      icon={complete ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
      title={complete ? t('incidents.contacts.completeness.completeTitle') : t('incidents.contacts.completeness.incompleteTitle')}
      role="region"
      aria-label={t('incidents.contacts.completeness.label')}
      data-testid="contact-completeness"
      data-complete={complete ? 'true' : 'false'}
    >
      <Stack gap={4}>
        <Text size="sm">{complete ? t('incidents.contacts.completeness.complete') : t('incidents.contacts.completeness.incomplete')}</Text>
        {reasons.length > 0 ? (
          <List size="sm" spacing={2}>
            {reasons.map((r, i) => (
              <List.Item key={`${r.key}-${i}`}>{text.reason(r)}</List.Item>
            ))}
          </List>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Vendors of the ledger not in the chart yet: Add opens the form filled in from the vendor and its 24-hour contact. */
function Suggestions({ chart, onAdd }: { chart: ContactChartDto; onAdd: (initial: Partial<ContactDraft>) => void }) {
  const { t } = useTranslation();
  return (
    <Paper component="section" aria-labelledby="contacts-suggestions" withBorder radius="md" p={{ base: 'sm', sm: 'md' }} className="no-print">
      <Title order={2} size="h4" id="contacts-suggestions">
        {t('incidents.contacts.suggestions.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('incidents.contacts.suggestions.description')}
      </Text>
      <Stack component="ul" gap="xs" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {chart.vendorSuggestions.map((s) => (
          <Group component="li" key={s.vendorId} justify="space-between" wrap="wrap" gap="xs" data-testid="contact-suggestion">
            <div style={{ minWidth: 0 }}>
              <Text fw={700} style={{ overflowWrap: 'anywhere' }} data-testid="suggestion-name">
                {s.vendorName}
              </Text>
              <Text size="sm" c="dimmed">
                {s.contact ? [t('incidents.contacts.suggestions.contact', { name: s.contact.name }), s.contact.phone].filter(Boolean).join(' ') : t('incidents.contacts.suggestions.noContact')}
              </Text>
            </div>
            <Button
              size="sm"
              variant="light"
              leftSection={<IconPlus size={16} aria-hidden />}
              aria-label={t('incidents.contacts.suggestions.addLabel', { name: s.vendorName })}
              onClick={() =>
                onAdd({
                  side: 'external',
                  kind: 'vendor',
                  vendorId: s.vendorId,
                  vendorContactId: s.contact?.id ?? '',
                  organization: s.vendorName,
                  roleLabel: t('incidents.contacts.suggestions.roleLabel'),
                  name: s.contact?.name ?? '',
                  phone: s.contact?.phone ?? '',
                  email: s.contact?.email ?? '',
                  availability: s.contact ? t('incidents.contacts.form.fields.available24h') : '',
                })
              }
            >
              {t('incidents.contacts.suggestions.add')}
            </Button>
          </Group>
        ))}
      </Stack>
    </Paper>
  );
}

/** Nothing recorded: what goes in, in which order. */
function ChartEmptyState({ canWrite, action }: { canWrite: boolean; action: ReactNode }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconPhoneCall size={28} />}
      title={t('incidents.contacts.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm" fw={700}>
            {t('incidents.contacts.empty.lead')}
          </Text>
          <List size="sm" spacing={4}>
            <List.Item>{t('incidents.contacts.empty.internal')}</List.Item>
            <List.Item>{t('incidents.contacts.empty.external')}</List.Item>
          </List>
          {canWrite ? null : <Text size="sm">{t('incidents.contacts.empty.readOnly')}</Text>}
        </Stack>
      }
      action={action}
    />
  );
}
