import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Badge, Box, Button, Card, Chip, Grid, Group, Kbd, Menu, Modal, NavLink, Select, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowsDiff,
  IconChevronDown,
  IconDownload,
  IconFileSpreadsheet,
  IconFileTypePdf,
  IconHistory,
  IconKeyboard,
  IconLink,
  IconLock,
  IconPrinter,
  IconCopy,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { BackLink, DetailPending } from '../../components/DetailPage.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useFormat } from '../../lib/format.ts';
import { frameworkItems, itemAnswerType } from '../../../shared/assessments/framework.ts';
import { useSession } from '../session/SessionContext.tsx';
import { AssessmentStatusBadge, CountBadges, ProgressCell } from './AssessmentBits.tsx';
import { AssessmentsUnavailable } from './AssessmentsUnavailable.tsx';
import {
  answerForKey,
  assessmentPage,
  assessmentPath,
  exportUrl,
  GATE_SECTION,
  isReadOnlyStatus,
  ITEM_FILTERS,
  matchesFilter,
  moveIndex,
  sectionViews,
  useAssessment,
  useAssessmentAccess,
  useAssessmentLabels,
  useAssessmentsChanged,
  useFrameworks,
  visibleItems,
  type ItemFilter,
  type TAssessment,
  type TAssessmentDetail,
  type TItemState,
} from './assessments.ts';
import { EvidenceDrawer } from './EvidenceDrawer.tsx';
import { ItemActionModal } from './ItemActionModal.tsx';
import { ItemCard, type ItemCardHandle } from './ItemCard.tsx';
import { SignoffPanel, VendorFlowButtons } from './SignoffPanel.tsx';
import { VendorLinkDialog } from './VendorLinkDialog.tsx';
import './assessments.css';

/** The answering page of one assessment (/assessments/:id). */
export function AssessmentPage() {
  const { t } = useTranslation();
  const access = useAssessmentAccess();
  const { assessmentId } = useParams();
  const q = useAssessment(access.view ? (assessmentId ?? null) : null);
  if (!access.facilityId || !access.view) return <AssessmentsUnavailable title={t('assessments.list.title')} />;
  const back = <BackLink to={assessmentPage.list}>{t('assessments.page.back')}</BackLink>;
  if (!q.data) return <DetailPending back={back} title={t('assessments.list.title')} query={q} notFound={t('assessments.page.notFound')} />;
  return (
    <>
      {back}
      <AssessmentView key={q.data.assessment.id} detail={q.data} />
    </>
  );
}

/** An element where typing means text (the shortcuts stay out of its way). */
function isTextEntry(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  if (el.isContentEditable) return true;
  if (el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) return true;
  if (el instanceof HTMLInputElement) return !['radio', 'checkbox', 'button', 'submit', 'reset', 'file'].includes(el.type);
  return el.getAttribute('role') === 'combobox';
}

function AssessmentView({ detail }: { detail: TAssessmentDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const access = useAssessmentAccess();
  const { facilityName } = useSession();
  const navigate = useNavigate();
  const changed = useAssessmentsChanged();
  const [params, setParams] = useSearchParams();
  const a = detail.assessment;
  const f = detail.framework;
  const sections = useMemo(() => sectionViews(f), [f]);
  const states = useMemo(() => new Map(detail.items.map((s) => [s.itemId, s])), [detail.items]);
  const sectionOf = useMemo(() => {
    const m = new Map<string, string>();
    for (const s of sections) for (const i of s.items) m.set(i.id, s.id);
    return m;
  }, [sections]);
  const readOnly = isReadOnlyStatus(a.status) || a.status === 'submitted';
  const editable = detail.allowed.answer && !readOnly;
  const gateClosed = a.progress.gateClosed;

  const filterParam = params.get('filter') ?? '';
  const filter: ItemFilter | '' = (ITEM_FILTERS as readonly string[]).includes(filterParam) ? (filterParam as ItemFilter) : '';
  const deepItem = params.get('item');
  const firstOpen = sections.find((s) => s.items.some((i) => !states.get(i.id)?.answer?.answer))?.id ?? sections[0]?.id ?? '';
  // The section opened first stays put while answers refresh (it is not recomputed from the data).
  const [startSection] = useState(() => (deepItem && sectionOf.has(deepItem) ? (sectionOf.get(deepItem) ?? firstOpen) : firstOpen));
  const sectionParam = params.get('section');
  const section = sections.some((s) => s.id === sectionParam) ? (sectionParam ?? '') : startSection;
  const shown = visibleItems(f, states, section, filter);

  const setParam = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };

  const cards = useRef(new Map<string, ItemCardHandle>());
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const focusedRef = useRef<string | null>(null);
  const onFocusItem = useCallback((id: string) => {
    focusedRef.current = id;
    setFocusedId(id);
  }, []);
  const [pendingFocus, setPendingFocus] = useState<string | null>(deepItem);
  const [evidenceFor, setEvidenceFor] = useState<string | null>(null);
  const [actionFor, setActionFor] = useState<string | null>(null);
  const [shortcuts, setShortcuts] = useState(false);
  const [linksOpen, setLinksOpen] = useState(false);
  const overlayOpen = evidenceFor !== null || actionFor !== null || shortcuts || linksOpen;

  // Focus (and scroll to) an item once it is on screen: a deep link, or a move into another section.
  useEffect(() => {
    if (!pendingFocus) return;
    const card = cards.current.get(pendingFocus);
    if (!card) return;
    card.focus();
    document.querySelector(`[data-item-id="${CSS.escape(pendingFocus)}"]`)?.scrollIntoView({ block: 'center' });
    setPendingFocus(null);
  }, [pendingFocus, section, filter]);

  const focusItem = useCallback(
    (itemId: string) => {
      const sec = sectionOf.get(itemId);
      if (!filter && sec && sec !== section) setParam({ section: sec, item: '' });
      setPendingFocus(itemId);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [sectionOf, filter, section, params],
  );

  const move = useCallback(
    (delta: 1 | -1) => {
      const ids = shown.map((i) => i.id);
      const idx = focusedRef.current ? ids.indexOf(focusedRef.current) : -1;
      if (!filter && idx >= 0) {
        const si = sections.findIndex((s) => s.id === section);
        if (delta === 1 && idx === ids.length - 1 && si < sections.length - 1) {
          const next = sections[si + 1]!;
          setParam({ section: next.id, item: '' });
          setPendingFocus(next.items[0]?.id ?? null);
          return;
        }
        if (delta === -1 && idx === 0 && si > 0) {
          const prev = sections[si - 1]!;
          setParam({ section: prev.id, item: '' });
          setPendingFocus(prev.items[prev.items.length - 1]?.id ?? null);
          return;
        }
      }
      const target = ids[moveIndex(idx, delta, ids.length)];
      if (target) setPendingFocus(target);
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [shown, filter, sections, section, params],
  );

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || overlayOpen) return;
      const target = e.target as HTMLElement | null;
      const card = target?.closest?.('[data-item-id]');
      const cardId = card?.getAttribute('data-item-id') ?? null;
      if (isTextEntry(target)) {
        if (e.key === 'Escape' && cardId) {
          e.preventDefault();
          cards.current.get(cardId)?.focus();
        }
        return;
      }
      const onCard = Boolean(card && card === target);
      const current = cardId ?? focusedRef.current;
      const item = current ? frameworkItems(f).find((i) => i.id === current) : undefined;
      switch (e.key) {
        case 'j':
          e.preventDefault();
          move(1);
          return;
        case 'k':
          e.preventDefault();
          move(-1);
          return;
        case 'ArrowDown':
        case 'ArrowUp':
          if (!onCard) return;
          e.preventDefault();
          move(e.key === 'ArrowDown' ? 1 : -1);
          return;
        case 'y':
        case 'n':
        case 'a': {
          if (!item || !editable) return;
          const value = answerForKey(e.key, itemAnswerType(f, item));
          if (!value) return;
          e.preventDefault();
          cards.current.get(item.id)?.answer(value);
          return;
        }
        case 'e':
          if (!item) return;
          e.preventDefault();
          setEvidenceFor(item.id);
          return;
        case 't':
          if (!item) return;
          e.preventDefault();
          cards.current.get(item.id)?.focusTarget();
          return;
        case '?':
          e.preventDefault();
          setShortcuts(true);
          return;
        default:
          return;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [f, editable, move, overlayOpen]);

  const name = a.title ?? labels.text(a.frameworkTitle);
  const year = a.fiscalYear !== null ? fmt.fiscalYear(a.fiscalYear) : null;
  const sheet = a.sheet === 'vendor' && a.vendor ? t('assessments.list.vendorSheet', { vendor: a.vendor.name }) : labels.sheet(a.sheet);
  const facility = facilityName(a.facilityId);
  const evidenceItem = evidenceFor ? (frameworkItems(f).find((i) => i.id === evidenceFor) ?? null) : null;
  const actionItem = actionFor ? (frameworkItems(f).find((i) => i.id === actionFor) ?? null) : null;
  const sectionTitle = (id: string) => {
    const s = sections.find((x) => x.id === id);
    if (!s) return '';
    if (s.id === GATE_SECTION) return t('assessments.page.gateSection');
    return `${s.number ? `${s.number} ` : ''}${labels.text(s.title)}`;
  };

  const del = useMutation({
    mutationFn: () => api.del(assessmentPath.one(a.id)),
    onSuccess: () => {
      changed();
      notify(t('assessments.page.deleted', { name }));
      void navigate(assessmentPage.list);
    },
  });
  const [deleting, setDeleting] = useState(false);
  const [carrying, setCarrying] = useState(false);

  return (
    <>
      <PageHeader
        title={name}
        description={year ? t('assessments.page.subtitle', { facility, year, sheet }) : t('assessments.page.subtitleNoYear', { facility, sheet })}
        actions={
          <>
            <VendorFlowButtons detail={detail} />
            {access.read ? <ExportMenu id={a.id} lang={labels.lang} /> : null}
            {access.read ? (
              <Button component="a" href={exportUrl(a.id, 'html', labels.lang)} target="_blank" rel="noopener" variant="default" leftSection={<IconPrinter size={16} aria-hidden />}>
                {t('assessments.page.print')}
              </Button>
            ) : null}
            {access.read ? (
              <Button component={Link} to={assessmentPage.compare(undefined, a.id)} variant="default" leftSection={<IconArrowsDiff size={16} aria-hidden />}>
                {t('assessments.page.compare')}
              </Button>
            ) : null}
            <Button component={Link} to={assessmentPage.history(a.id)} variant="default" leftSection={<IconHistory size={16} aria-hidden />}>
              {t('assessments.page.history')}
            </Button>
            {detail.allowed.manage && a.sheet === 'vendor' && a.status !== 'accepted' ? (
              <Button variant="default" leftSection={<IconLink size={16} aria-hidden />} onClick={() => setLinksOpen(true)}>
                {t('assessments.vendorFlow.links')}
              </Button>
            ) : null}
            {detail.allowed.manage && a.sheet !== 'vendor' ? (
              <Button variant="default" leftSection={<IconCopy size={16} aria-hidden />} onClick={() => setCarrying(true)}>
                {t('assessments.page.carryOver')}
              </Button>
            ) : null}
            {detail.allowed.manage && !isReadOnlyStatus(a.status) ? (
              <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={() => setDeleting(true)}>
                {t('assessments.page.delete')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="md">
        <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="assessment-progress-title">
          <Group gap="sm" mb="xs" wrap="wrap">
            <Title order={2} size="h4" id="assessment-progress-title">
              {t('assessments.page.progressTitle')}
            </Title>
            <AssessmentStatusBadge status={a.status} />
            <Badge variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>
              {f.fiscalYear !== null && f.fiscalYear !== undefined ? t('assessments.list.editionLabel', { year: fmt.fiscalYear(f.fiscalYear) }) : t('assessments.page.versionBadge', { version: a.frameworkVersion })}
            </Badge>
            <CountBadges gaps={a.progress.gaps} disagreements={a.progress.disagreements} />
          </Group>
          <ProgressCell progress={a.progress} name={name} size="lg" withText={false} />
          <Text size="sm" mt={4}>
            {t('assessments.page.progressText', { complete: a.progress.complete, items: a.progress.items, answered: a.progress.answered })}
            {' · '}
            {t('assessments.page.counts', { gaps: a.progress.gaps, incomplete: a.progress.incomplete, disagreements: a.progress.disagreements })}
          </Text>
          {gateClosed ? (
            <Alert color="blue" variant="light" mt="sm">
              {t('assessments.page.gateClosed')}
            </Alert>
          ) : null}
        </Card>

        <StatusBanner detail={detail} />

        {a.sheet !== 'vendor' && access.read ? <SignoffPanel detail={detail} onOpenItem={focusItem} /> : null}

        <Grid gutter="md">
          <Grid.Col span={{ base: 12, md: 3 }}>
            <Box component="nav" aria-label={t('assessments.page.sectionsLabel')} className="assessment-sections">
              <Text size="xs" fw={700} c="dimmed" mb={4}>
                {t('assessments.page.sections')}
              </Text>
              {sections.map((s) => {
                const items = s.items.length;
                const sp = s.id === GATE_SECTION ? null : a.progress.sections.find((x) => x.sectionId === s.id);
                const complete = sp ? sp.complete : s.items.filter((i) => states.get(i.id)?.answer?.answer && states.get(i.id)?.answer?.checkedOn).length;
                const active = !filter && s.id === section;
                return (
                  <NavLink
                    key={s.id}
                    component="button"
                    type="button"
                    label={sectionTitle(s.id)}
                    active={active}
                    aria-current={active ? 'step' : undefined}
                    onClick={() => {
                      setParam({ section: s.id, filter: '', item: '' });
                      setPendingFocus(s.items[0]?.id ?? null);
                    }}
                    rightSection={
                      <Badge size="sm" variant={complete >= items ? 'filled' : 'light'} color={complete >= items ? 'green' : 'gray'} radius="sm" aria-label={t('assessments.page.sectionProgressLabel', { complete, items })}>
                        {t('assessments.page.sectionProgress', { complete, items })}
                      </Badge>
                    }
                    style={{ borderRadius: 'var(--mantine-radius-sm)' }}
                  />
                );
              })}
              <Button variant="subtle" size="compact-sm" mt="sm" leftSection={<IconKeyboard size={14} aria-hidden />} onClick={() => setShortcuts(true)}>
                {t('assessments.page.shortcutsHint')}
              </Button>
            </Box>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 9 }}>
            <Stack gap="sm">
              <FilterChips filter={filter} states={states} detail={detail} onChange={(v) => setParam({ filter: v, item: '' })} />
              <Title order={2} size="h4">
                {filter ? t('assessments.page.filteredLabel') : sectionTitle(section)}
              </Title>
              {!filter && sections.find((s) => s.id === section && s.id !== GATE_SECTION) ? (
                <SectionDescription detail={detail} sectionId={section} />
              ) : null}
              {shown.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('assessments.page.filterEmpty')}
                </Text>
              ) : null}
              <Stack gap="sm" component="div" role="list" aria-label={filter ? t('assessments.page.filteredLabel') : t('assessments.page.itemsLabel', { section: sectionTitle(section) })}>
                {shown.map((item) => (
                  <div role="listitem" key={item.id}>
                    <ItemCard
                      ref={(h) => {
                        if (h) cards.current.set(item.id, h);
                        else cards.current.delete(item.id);
                      }}
                      assessmentId={a.id}
                      definition={f}
                      item={item}
                      state={states.get(item.id)}
                      fiscalYear={a.fiscalYear}
                      editable={editable}
                      notRequired={gateClosed && item.id !== f.gate?.id}
                      canMakeAction={detail.allowed.answer && access.read && !readOnly}
                      focused={focusedId === item.id}
                      onFocusItem={onFocusItem}
                      onOpenEvidence={setEvidenceFor}
                      onMakeAction={setActionFor}
                    />
                  </div>
                ))}
              </Stack>
              {!filter ? <SectionPager sections={sections.map((s) => s.id)} section={section} title={sectionTitle} onGo={(id) => setParam({ section: id, item: '' })} /> : null}
            </Stack>
          </Grid.Col>
        </Grid>
      </Stack>

      <EvidenceDrawer
        assessmentId={a.id}
        facilityId={a.facilityId}
        item={evidenceItem}
        evidence={evidenceFor ? (states.get(evidenceFor)?.evidence ?? []) : []}
        editable={editable}
        canLinkRecords={access.readLedger}
        onClose={() => {
          const id = evidenceFor;
          setEvidenceFor(null);
          if (id) setPendingFocus(id);
        }}
      />
      {actionItem ? (
        <ItemActionModal
          assessmentId={a.id}
          facilityId={a.facilityId}
          item={actionItem}
          targetOn={states.get(actionItem.id)?.answer?.targetOn ?? null}
          canPickOwner={access.readUsers}
          onClose={() => setActionFor(null)}
        />
      ) : null}
      <ShortcutsModal opened={shortcuts} onClose={() => setShortcuts(false)} />
      {linksOpen ? <VendorLinkDialog assessmentId={a.id} vendorName={a.vendor?.name ?? ''} onClose={() => setLinksOpen(false)} /> : null}
      <ConfirmModal
        opened={deleting}
        title={t('assessments.page.deleteTitle')}
        message={t('assessments.page.deleteConfirm', { name })}
        confirmLabel={t('assessments.page.delete')}
        danger
        loading={del.isPending}
        error={del.error}
        onConfirm={() => del.mutate()}
        onClose={() => {
          setDeleting(false);
          del.reset();
        }}
      />
      {carrying ? <CarryOverModal assessment={a} onClose={() => setCarrying(false)} /> : null}
    </>
  );
}

/** Why the page is read-only, or what the reviewer should do now. */
function StatusBanner({ detail }: { detail: TAssessmentDetail }) {
  const { t } = useTranslation();
  const a = detail.assessment;
  if (a.status === 'locked')
    return (
      <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
        {t('assessments.page.lockedBanner')}
      </Alert>
    );
  if (a.status === 'accepted')
    return (
      <Alert color="gray" variant="light" icon={<IconLock aria-hidden />}>
        {t('assessments.page.acceptedBanner')}
      </Alert>
    );
  if (a.status === 'submitted')
    return (
      <Alert color="blue" variant="light">
        {detail.allowed.accept ? t('assessments.page.submittedBanner') : t('assessments.page.submittedVendorBanner')}
      </Alert>
    );
  if (a.returnReason)
    return (
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
        {t('assessments.page.returnedBanner', { reason: a.returnReason })}
      </Alert>
    );
  if (!detail.allowed.answer)
    return (
      <Alert color="gray" variant="light">
        {t('assessments.page.readOnlyBanner')}
      </Alert>
    );
  return null;
}

function SectionDescription({ detail, sectionId }: { detail: TAssessmentDetail; sectionId: string }) {
  const labels = useAssessmentLabels();
  const s = detail.framework.sections.find((x) => x.id === sectionId);
  if (!s?.description) return null;
  return (
    <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
      {labels.text(s.description)}
    </Text>
  );
}

function FilterChips({ filter, states, detail, onChange }: { filter: ItemFilter | ''; states: Map<string, TItemState>; detail: TAssessmentDetail; onChange: (v: string) => void }) {
  const { t } = useTranslation();
  const f = detail.framework;
  const items = frameworkItems(f);
  const count = (k: ItemFilter) => items.filter((i) => matchesFilter(states.get(i.id), k, itemAnswerType(f, i))).length;
  return (
    <Group gap="xs" wrap="wrap" role="group" aria-label={t('assessments.page.filters')}>
      <Chip.Group multiple={false} value={filter || 'all'} onChange={(v) => onChange(v === 'all' ? '' : v)}>
        <Chip value="all" size="sm" variant="outline">
          {t('assessments.page.filterAll')}
        </Chip>
        {ITEM_FILTERS.map((k) => (
          <Chip key={k} value={k} size="sm" variant="outline" color={k === 'disagreements' ? 'red' : k === 'problems' || k === 'gaps' ? 'orange' : 'blue'}>
            {t(`assessments.page.filter.${k}`)} ({count(k)})
          </Chip>
        ))}
      </Chip.Group>
    </Group>
  );
}

function SectionPager({ sections, section, title, onGo }: { sections: string[]; section: string; title: (id: string) => string; onGo: (id: string) => void }) {
  const { t } = useTranslation();
  const i = sections.indexOf(section);
  const prev = i > 0 ? sections[i - 1] : undefined;
  const next = i >= 0 && i < sections.length - 1 ? sections[i + 1] : undefined;
  return (
    <Group justify="space-between" mt="sm">
      {prev ? (
        <Button variant="default" onClick={() => onGo(prev)}>
          {t('assessments.page.prevSection')}: {title(prev)}
        </Button>
      ) : (
        <span />
      )}
      {next ? <Button onClick={() => onGo(next)}>{`${t('assessments.page.nextSection')}: ${title(next)}`}</Button> : null}
    </Group>
  );
}

function ExportMenu({ id, lang }: { id: string; lang: string }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} rightSection={<IconChevronDown size={14} aria-hidden />} aria-label={t('assessments.page.exportLabel')}>
          {t('assessments.page.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component="a" href={exportUrl(id, 'xlsx', lang)} download leftSection={<IconFileSpreadsheet size={16} aria-hidden />}>
          {t('assessments.page.exportXlsx')}
        </Menu.Item>
        <Menu.Item component="a" href={exportUrl(id, 'pdf', lang)} download leftSection={<IconFileTypePdf size={16} aria-hidden />}>
          {t('assessments.page.exportPdf')}
        </Menu.Item>
        <Menu.Item component="a" href={exportUrl(id, 'html', lang)} target="_blank" rel="noopener" leftSection={<IconPrinter size={16} aria-hidden />}>
          {t('assessments.page.exportHtml')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

function ShortcutsModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const rows: [string[], string][] = [
    [['j', '↓'], t('assessments.shortcuts.next')],
    [['k', '↑'], t('assessments.shortcuts.prev')],
    [['y'], t('assessments.shortcuts.yes')],
    [['n'], t('assessments.shortcuts.no')],
    [['a'], t('assessments.shortcuts.na')],
    [['e'], t('assessments.shortcuts.evidence')],
    [['t'], t('assessments.shortcuts.target')],
    [['?'], t('assessments.shortcuts.help')],
  ];
  return (
    <Modal opened={opened} onClose={onClose} title={t('assessments.shortcuts.title')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Table aria-label={t('assessments.shortcuts.title')}>
        <Table.Tbody>
          {rows.map(([keys, text]) => (
            <Table.Tr key={keys.join()}>
              <Table.Td>
                <Group gap={4}>
                  {keys.map((k) => (
                    <Kbd key={k}>{k}</Kbd>
                  ))}
                </Group>
              </Table.Td>
              <Table.Td>{text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="sm" mt="sm">
        {t('assessments.shortcuts.note')}
      </Text>
    </Modal>
  );
}

/** Carry over to the next version: a new assessment of another version of the same framework, answers copied by item id. */
function CarryOverModal({ assessment, onClose }: { assessment: TAssessment; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const navigate = useNavigate();
  const changed = useAssessmentsChanged();
  const frameworks = useFrameworks(assessment.facilityId);
  const options = (frameworks.data ?? []).filter((x) => x.id === assessment.frameworkId && x.version !== assessment.frameworkVersion);
  const [version, setVersion] = useState<string | null>(null);
  const chosen = version ?? options[0]?.version ?? null;
  const carry = useMutation({
    mutationFn: () => api.post<{ id?: string; assessment?: TAssessment }>(assessmentPath.carryOver(assessment.id), { version: chosen }),
    onSuccess: (r) => {
      changed();
      notify(t('assessments.page.carryOverDone', { name: labels.text(assessment.frameworkTitle) }));
      onClose();
      const id = r.assessment?.id ?? r.id;
      if (id) void navigate(assessmentPage.one(id));
    },
  });
  return (
    <ConfirmModal
      opened
      title={t('assessments.page.carryOverTitle')}
      message={t('assessments.page.carryOverHelp')}
      confirmLabel={t('assessments.page.carryOver')}
      loading={carry.isPending}
      error={carry.error}
      onConfirm={() => chosen && carry.mutate()}
      onClose={onClose}
    >
      <Select
        label={t('assessments.page.carryOverVersion')}
        data={options.map((o) => ({ value: o.version, label: `${o.fiscalYear !== null ? `${fmt.fiscalYear(o.fiscalYear)} ` : ''}${labels.text(o.title)} (${o.version})` }))}
        value={chosen}
        onChange={setVersion}
        allowDeselect={false}
      />
    </ConfirmModal>
  );
}

