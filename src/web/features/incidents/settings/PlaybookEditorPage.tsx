import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { ActionIcon, Alert, Badge, Button, Group, Paper, Select, SimpleGrid, Stack, Text, TextInput, ThemeIcon, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowDown,
  IconArrowLeft,
  IconArrowUp,
  IconBook2,
  IconBuildingHospital,
  IconCircleCheck,
  IconDeviceFloppy,
  IconInfoCircle,
  IconPlus,
  IconTrash,
} from '@tabler/icons-react';
import { useMediaQuery } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, isApiError } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { PATHS } from '../../../paths.ts';
import type { PlaybookDetailDto } from '../../../../shared/contracts/incident-playbooks.contract.ts';
import { CASE_CATEGORIES, CASE_PHASES, TEAM_ROLES, type CaseCategory, type CasePhase, type TeamRole } from '../../../../shared/incidents/cases.ts';
import { PLAYBOOK_LIMITS } from '../../../../shared/incidents/playbook.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { useIncidentLabels } from './labels.ts';
import {
  PLAYBOOKS_KEY,
  addItem,
  byPhase,
  changePhase,
  definitionWith,
  draftItems,
  issuesByItem,
  itemErrors,
  itemsChanged,
  moveInPhase,
  settingsPath,
  usePlaybook,
  type DraftItem,
  type ItemErrors,
} from './settings.ts';

const ISSUE_CODES = ['missing_key', 'wrong_type', 'invalid_value', 'invalid_format', 'empty', 'too_big', 'unknown_key', 'duplicate_id', 'category_mismatch'] as const;
type ServerIssues = ReturnType<typeof issuesByItem>;
/** The owner choice "anyone of the team" (ownerRole null). */
const ANYONE = 'anyone';

/** One category's playbook: read it, or (incident.manage) edit its steps by phase, save a facility copy, go back to standard. */
export function PlaybookEditorPage() {
  const { t } = useTranslation();
  const { category: param } = useParams();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const category = (CASE_CATEGORIES as readonly string[]).includes(param ?? '') ? (param as CaseCategory) : null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('incident.read', facilityId));
  const canManage = facilityId !== null && (perm.isAdmin || perm.can('incident.manage', facilityId));
  const detail = usePlaybook(facilityId, category, canRead);
  const back = (
    <Button component={Link} to={PATHS.incidentPlaybooks} variant="subtle" leftSection={<IconArrowLeft size={16} aria-hidden />}>
      {t('incidentSettings.playbooks.back')}
    </Button>
  );

  if (!facilityId || !canRead || !category) {
    return (
      <>
        <PageHeader title={t('incidentSettings.playbooks.title')} actions={back} />
        <EmptyState title={category ? t('errors.FORBIDDEN') : t('errors.NOT_FOUND')} description={category ? t('incidentSettings.playbooks.unavailable') : undefined} />
      </>
    );
  }
  if (!detail.data) {
    return (
      <>
        <PageHeader title={t('incidentSettings.playbooks.title')} actions={back} />
        {detail.error ? <ErrorAlert error={detail.error} /> : <Loading />}
      </>
    );
  }
  return <Editor key={`${detail.data.category}:${detail.data.version}`} facilityId={facilityId} playbook={detail.data} canManage={canManage} back={back} onReload={() => void detail.refetch()} />;
}

function Editor({ facilityId, playbook, canManage, back, onReload }: { facilityId: string; playbook: PlaybookDetailDto; canManage: boolean; back: ReactNode; onReload: () => void }) {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const qc = useQueryClient();
  const [edited, setEdited] = useState<DraftItem[] | null>(null);
  const [showErrors, setShowErrors] = useState(false);
  const [serverIssues, setServerIssues] = useState<ServerIssues | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [confirmReset, setConfirmReset] = useState(false);
  // The same breakpoint as the shell's floating report button.
  const wide = useMediaQuery('(min-width: 48em)', true, { getInitialValueInEffect: false });
  const items = edited ?? draftItems(playbook.definition);
  const dirty = edited !== null && itemsChanged(playbook.definition, edited);
  const errors = showErrors ? itemErrors(items) : {};
  const categoryName = labels.category(playbook.category);
  const detailKey = [...PLAYBOOKS_KEY, facilityId, playbook.category];

  // Leaving the page with unsaved edits: the browser asks first.
  useEffect(() => {
    if (!dirty) return undefined;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', onUnload);
    return () => window.removeEventListener('beforeunload', onUnload);
  }, [dirty]);

  const afterSave = (p: PlaybookDetailDto) => {
    qc.setQueryData(detailKey, p);
    void qc.invalidateQueries({ queryKey: [...PLAYBOOKS_KEY, facilityId], exact: true });
  };
  const save = useMutation({
    mutationFn: (sent: DraftItem[]) =>
      api.put<PlaybookDetailDto>(settingsPath.playbook(facilityId, playbook.category), { definition: definitionWith(playbook.definition, sent), expectedVersion: playbook.facilityVersion }),
    onMutate: () => setServerIssues(null),
    onSuccess: (p) => {
      afterSave(p);
      notify(t('incidentSettings.editor.saved', { category: categoryName, version: p.version }));
    },
    onError: (e, sent) => {
      if (isApiError(e) && e.code === 'VALIDATION_FAILED' && e.issues.length > 0) {
        const found = issuesByItem(e.issues, sent);
        setServerIssues(found);
        focusFirstItemError(Object.keys(found.items));
      }
    },
  });
  const reset = useMutation({
    mutationFn: () => api.del<PlaybookDetailDto>(`${settingsPath.playbook(facilityId, playbook.category)}${playbook.facilityVersion ? `?expectedVersion=${playbook.facilityVersion}` : ''}`),
    onSuccess: (p) => {
      setConfirmReset(false);
      afterSave(p);
      notify(t('incidentSettings.editor.resetDone', { category: categoryName }));
    },
  });

  const update = (next: DraftItem[]) => {
    setEdited(next);
    setServerIssues(null);
  };
  const setItem = (key: string, patch: Partial<DraftItem>) => update(items.map((i) => (i.key === key ? { ...i, ...patch } : i)));
  const keepFocus = (fallbackId: string) => {
    const active = document.activeElement as HTMLElement | null;
    const id = active?.id ?? '';
    requestAnimationFrame(() => {
      const el = (id && document.getElementById(id)) || document.getElementById(fallbackId);
      if (el instanceof HTMLButtonElement && el.disabled) document.getElementById(fallbackId.replace(/-(up|down)$/, (_, d: string) => (d === 'up' ? '-down' : '-up')))?.focus();
      else el?.focus();
    });
  };
  const move = (index: number, delta: -1 | 1) => {
    const next = moveInPhase(items, index, delta);
    const item = items[index];
    if (!next || !item) return;
    update(next);
    const n = byPhase(next)
      .flatMap((g) => g.items)
      .find((x) => x.item.key === item.key)?.number;
    setAnnouncement(t('incidentSettings.editor.moved', { n: n ?? 0 }));
    keepFocus(`pb-${item.key}-${delta < 0 ? 'up' : 'down'}`);
  };
  const remove = (index: number) => {
    const item = items[index];
    const next = items.filter((_, i) => i !== index);
    update(next);
    setAnnouncement(t('incidentSettings.editor.removed'));
    // The keyboard goes to the phase's add button (the item is gone).
    requestAnimationFrame(() => document.getElementById(`pb-add-${item?.phase ?? 'detection'}`)?.focus());
  };
  const add = (phase: CasePhase) => {
    const r = addItem(items, phase, playbook.category);
    update(r.items);
    setAnnouncement(t('incidentSettings.editor.added', { phase: labels.phase(phase) }));
    requestAnimationFrame(() => document.getElementById(`pb-${r.item.key}-titleJa`)?.focus());
  };
  const submit = () => {
    const errs = itemErrors(items);
    setShowErrors(true);
    if (items.length === 0 || Object.keys(errs).length > 0) {
      focusFirstItemError(items.filter((i) => errs[i.key]).map((i) => i.key));
      return;
    }
    save.mutate(byPhase(items).flatMap((g) => g.items.map((x) => x.item)));
  };
  const discard = () => {
    setEdited(null);
    setShowErrors(false);
    setServerIssues(null);
    save.reset();
  };

  const facility = playbook.source === 'facility';
  const conflict = isApiError(save.error) && save.error.code === 'CONFLICT';
  const hasErrors = Object.keys(errors).length > 0 || (serverIssues !== null && (Object.keys(serverIssues.items).length > 0 || serverIssues.general.length > 0));
  const issueText = (code: string) => ((ISSUE_CODES as readonly string[]).includes(code) ? t(`incidentSettings.editor.issues.${code as (typeof ISSUE_CODES)[number]}`) : t('incidentSettings.editor.issues.other'));

  return (
    <>
      <PageHeader
        title={t('incidentSettings.editor.title', { category: categoryName })}
        description={labels.text(playbook.definition.description ?? playbook.title)}
        actions={
          <>
            {back}
            {canManage && facility ? (
              <Button variant="default" color="red" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setConfirmReset(true)}>
                {t('incidentSettings.editor.reset')}
              </Button>
            ) : null}
          </>
        }
      />
      <Stack gap="md" pb={canManage ? 'md' : undefined}>
        <Group gap="sm" wrap="wrap">
          <Badge
            variant={facility ? 'filled' : 'light'}
            color={facility ? 'teal' : 'gray'}
            radius="sm"
            size="lg"
            leftSection={facility ? <IconBuildingHospital size={14} aria-hidden /> : <IconBook2 size={14} aria-hidden />}
            style={{ textTransform: 'none' }}
            data-testid="playbook-source"
          >
            {facility ? t('incidentSettings.playbooks.facility') : t('incidentSettings.playbooks.builtin')}
          </Badge>
          <Text fw={700} ff="monospace" data-testid="playbook-version">
            {t('incidentSettings.playbooks.version', { version: playbook.version })}
          </Text>
          {facility ? (
            <Text size="sm" c="dimmed">
              {t('incidentSettings.playbooks.builtinVersion', { version: playbook.builtinVersion })}
            </Text>
          ) : null}
        </Group>
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />}>
          <Stack gap={4}>
            {canManage ? <Text size="sm">{facility ? t('incidentSettings.editor.sourceFacility') : t('incidentSettings.editor.sourceBuiltin')}</Text> : null}
            <Text size="sm">{t('incidentSettings.playbooks.existingCases')}</Text>
            {canManage ? (
              <Text size="sm" c="dimmed">
                {t('incidentSettings.editor.keyboardHint')}
              </Text>
            ) : (
              <Text size="sm">{t('incidentSettings.playbooks.readOnly')}</Text>
            )}
          </Stack>
        </Alert>
        {showErrors && items.length === 0 ? (
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {t('incidentSettings.editor.noItems')}
          </Alert>
        ) : null}
        {byPhase(items).map((g, k) => (
          <Paper key={g.phase} component="section" aria-labelledby={`pb-phase-${g.phase}`} withBorder radius="md" p={{ base: 'sm', sm: 'md' }} data-testid="playbook-phase" data-phase={g.phase}>
            <Group gap="xs" mb="sm" wrap="nowrap">
              <ThemeIcon size={28} radius="xl" variant="light" color="blue" aria-hidden>
                <Text fw={700} size="sm">
                  {k + 1}
                </Text>
              </ThemeIcon>
              <Title order={2} size="h4" id={`pb-phase-${g.phase}`}>
                {labels.phase(g.phase)}
              </Title>
            </Group>
            {g.items.length === 0 ? (
              <Text size="sm" c="dimmed" mb="sm">
                {t('incidentSettings.editor.phaseEmpty')}
              </Text>
            ) : (
              <Stack component="ol" gap="sm" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
                {g.items.map(({ item, index, number }, j) => (
                  <li key={item.key}>
                    {canManage ? (
                      <ItemEditor
                        item={item}
                        number={number}
                        canUp={j > 0}
                        canDown={j < g.items.length - 1}
                        errors={errors[item.key]}
                        serverIssues={serverIssues?.items[item.key]?.map((x) => ({ field: x.field, text: issueText(x.code) }))}
                        onChange={(patch) => setItem(item.key, patch)}
                        onPhase={(phase) => update(changePhase(items, index, phase))}
                        onMove={(delta) => move(index, delta)}
                        onRemove={() => remove(index)}
                      />
                    ) : (
                      <ItemView item={item} number={number} />
                    )}
                  </li>
                ))}
              </Stack>
            )}
            {canManage ? (
              <Button
                id={`pb-add-${g.phase}`}
                mt="sm"
                variant="light"
                size="sm"
                leftSection={<IconPlus size={16} aria-hidden />}
                aria-label={t('incidentSettings.editor.addItemLabel', { phase: labels.phase(g.phase) })}
                disabled={items.length >= PLAYBOOK_LIMITS.items}
                onClick={() => add(g.phase)}
              >
                {t('incidentSettings.editor.addItem')}
              </Button>
            ) : null}
          </Paper>
        ))}
      </Stack>
      {canManage ? (
        <Paper
          withBorder
          shadow="md"
          radius="md"
          p="sm"
          className="no-print"
          // On a phone, above the floating report button (bottom right, 16 px from the edge), so it never covers Save.
          style={{ position: 'sticky', bottom: wide ? 8 : 76, zIndex: 5 }}
          role="region"
          aria-label={t('incidentSettings.editor.save')}
        >
          <Stack gap="xs">
            {hasErrors && !conflict ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" p="xs">
                {t('incidentSettings.editor.fixErrors')}
                {serverIssues && serverIssues.general.length > 0 ? ` ${serverIssues.general.map(issueText).join(' ')}` : ''}
              </Alert>
            ) : null}
            {conflict ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert" p="xs">
                <Group justify="space-between" gap="xs" wrap="wrap">
                  <Text size="sm">{t('incidentSettings.editor.conflict')}</Text>
                  <Button
                    size="xs"
                    variant="default"
                    onClick={() => {
                      discard();
                      onReload();
                    }}
                  >
                    {t('incidentSettings.editor.reload')}
                  </Button>
                </Group>
              </Alert>
            ) : save.error && !hasErrors ? (
              <ErrorAlert error={save.error} />
            ) : null}
            <Group justify="space-between" gap="sm" wrap="wrap">
              <Text size="sm" c={dirty ? 'orange.9' : 'dimmed'} fw={dirty ? 700 : undefined} data-testid="playbook-dirty">
                {dirty ? t('incidentSettings.editor.unsaved') : t('incidentSettings.editor.noChanges')}
              </Text>
              <Group gap="sm">
                <Button variant="default" disabled={edited === null} onClick={discard}>
                  {t('incidentSettings.editor.discard')}
                </Button>
                <Button leftSection={<IconDeviceFloppy size={16} aria-hidden />} disabled={!dirty} loading={save.isPending} onClick={submit}>
                  {t('incidentSettings.editor.save')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </Paper>
      ) : null}
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
      <ConfirmModal
        opened={confirmReset}
        title={t('incidentSettings.editor.resetTitle')}
        message={t('incidentSettings.editor.resetConfirm', { category: categoryName })}
        confirmLabel={t('incidentSettings.editor.reset')}
        danger
        loading={reset.isPending}
        error={reset.error}
        onConfirm={() => reset.mutate()}
        onClose={() => {
          setConfirmReset(false);
          reset.reset();
        }}
      />
    </>
  );
}

function focusFirstItemError(keys: string[]) {
  const first = keys[0];
  if (!first) return;
  requestAnimationFrame(() => {
    const el = document.getElementById(`pb-${first}-titleJa`);
    el?.focus();
    el?.scrollIntoView({ block: 'center' });
  });
}

function ItemBadges({ item }: { item: DraftItem }) {
  const { t } = useTranslation();
  if (item.isNew)
    return (
      <Badge size="sm" variant="light" color="teal" radius="sm" style={{ textTransform: 'none' }}>
        {t('incidentSettings.editor.custom')}
      </Badge>
    );
  return item.verified ? (
    <Badge size="sm" variant="light" color="green" radius="sm" leftSection={<IconCircleCheck size={12} aria-hidden />} style={{ textTransform: 'none' }}>
      {t('incidentSettings.editor.verified')}
    </Badge>
  ) : (
    <Tooltip label={t('incidentSettings.playbooks.unverifiedHelp')} withArrow multiline w={240}>
      <Badge size="sm" variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }} tabIndex={0}>
        {t('incidentSettings.editor.unverified')}
      </Badge>
    </Tooltip>
  );
}

function ItemView({ item, number }: { item: DraftItem; number: number }) {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  return (
    <Paper withBorder radius="sm" p="sm" data-testid="playbook-item">
      <Group gap="xs" wrap="wrap" mb={4}>
        <Text size="sm" fw={700} c="dimmed">
          {t('incidentSettings.editor.item', { n: number })}
        </Text>
        <ItemBadges item={item} />
      </Group>
      <Text fw={700} lh={1.6}>
        {labels.locale === 'ja' ? item.titleJa : item.titleEn}
      </Text>
      <Text size="sm" c="dimmed">
        {t('common.labelValue', { label: t('incidentSettings.editor.owner'), value: item.ownerRole ? labels.role(item.ownerRole) : t('incidentSettings.editor.ownerAnyone') })}
      </Text>
      {item.help ? (
        <Text size="sm" mt={4} lh={1.6}>
          {t('common.labelValue', { label: t('incidentSettings.editor.help'), value: labels.text(item.help) })}
        </Text>
      ) : null}
    </Paper>
  );
}

function ItemEditor({
  item,
  number,
  canUp,
  canDown,
  errors,
  serverIssues,
  onChange,
  onPhase,
  onMove,
  onRemove,
}: {
  item: DraftItem;
  number: number;
  canUp: boolean;
  canDown: boolean;
  errors?: ItemErrors;
  serverIssues?: { field: 'titleJa' | 'titleEn' | 'item'; text: string }[];
  onChange: (patch: Partial<DraftItem>) => void;
  onPhase: (phase: CasePhase) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation();
  const labels = useIncidentLabels();
  const id = (f: string) => `pb-${item.key}-${f}`;
  const fieldError = (f: 'titleJa' | 'titleEn') => {
    const local = errors?.[f];
    if (local) return local === 'required' ? t('incidentSettings.editor.errors.required') : t('incidentSettings.editor.errors.tooLong', { max: PLAYBOOK_LIMITS.titleChars });
    const server = serverIssues?.filter((x) => x.field === f).map((x) => x.text);
    return server && server.length > 0 ? server.join(' ') : undefined;
  };
  const itemIssues = serverIssues?.filter((x) => x.field === 'item').map((x) => x.text) ?? [];
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (!e.altKey || (e.key !== 'ArrowUp' && e.key !== 'ArrowDown')) return;
    const delta = e.key === 'ArrowUp' ? -1 : 1;
    if ((delta < 0 && !canUp) || (delta > 0 && !canDown)) return;
    e.preventDefault();
    onMove(delta);
  };
  const hasError = Boolean(errors) || (serverIssues?.length ?? 0) > 0;
  return (
    <Paper withBorder radius="sm" p="sm" onKeyDown={onKeyDown} data-testid="playbook-item" data-item-id={item.id} style={hasError ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Group justify="space-between" wrap="wrap" gap="xs" mb="xs">
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={700}>
            {t('incidentSettings.editor.item', { n: number })}
          </Text>
          <ItemBadges item={item} />
        </Group>
        <Group gap={4} wrap="nowrap">
          <Tooltip label={t('incidentSettings.editor.moveUp', { n: number })}>
            <ActionIcon id={id('up')} variant="default" size="lg" disabled={!canUp} onClick={() => onMove(-1)} aria-label={t('incidentSettings.editor.moveUp', { n: number })}>
              <IconArrowUp size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('incidentSettings.editor.moveDown', { n: number })}>
            <ActionIcon id={id('down')} variant="default" size="lg" disabled={!canDown} onClick={() => onMove(1)} aria-label={t('incidentSettings.editor.moveDown', { n: number })}>
              <IconArrowDown size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('incidentSettings.editor.removeLabel', { n: number })}>
            <ActionIcon id={id('remove')} variant="default" color="red" size="lg" onClick={onRemove} aria-label={t('incidentSettings.editor.removeLabel', { n: number })}>
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Group>
      <Stack gap="xs">
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="xs" verticalSpacing="xs">
          <TextInput
            id={id('titleJa')}
            label={t('incidentSettings.editor.titleJa')}
            required
            maxLength={PLAYBOOK_LIMITS.titleChars + 20}
            value={item.titleJa}
            onChange={(e) => onChange({ titleJa: e.currentTarget.value })}
            error={fieldError('titleJa')}
          />
          <TextInput
            id={id('titleEn')}
            label={t('incidentSettings.editor.titleEn')}
            placeholder={t('incidentSettings.editor.titleEnHelp')}
            maxLength={PLAYBOOK_LIMITS.titleChars + 20}
            value={item.titleEn}
            onChange={(e) => onChange({ titleEn: e.currentTarget.value })}
            error={fieldError('titleEn')}
            lang="en"
          />
          <Select
            id={id('owner')}
            label={t('incidentSettings.editor.owner')}
            allowDeselect={false}
            data={[{ value: ANYONE, label: t('incidentSettings.editor.ownerAnyone') }, ...TEAM_ROLES.map((r) => ({ value: r, label: labels.role(r) }))]}
            value={item.ownerRole ?? ANYONE}
            onChange={(v) => onChange({ ownerRole: v && v !== ANYONE ? (v as TeamRole) : null })}
          />
          <Select
            id={id('phase')}
            label={t('incidentSettings.editor.phase')}
            allowDeselect={false}
            data={CASE_PHASES.map((p) => ({ value: p, label: labels.phase(p) }))}
            value={item.phase}
            onChange={(v) => v && onPhase(v as CasePhase)}
          />
        </SimpleGrid>
        {item.help ? (
          <Text size="sm" c="dimmed" lh={1.6}>
            {t('common.labelValue', { label: t('incidentSettings.editor.help'), value: labels.text(item.help) })}
          </Text>
        ) : null}
        {itemIssues.length > 0 ? (
          <Text size="sm" c="red.8" role="alert">
            {itemIssues.join(' ')}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}
