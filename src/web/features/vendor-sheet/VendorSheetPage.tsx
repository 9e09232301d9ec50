import { useCallback, useRef, useState, type ReactNode } from 'react';
import { Alert, Anchor, Box, Button, Card, Container, Group, List, Loader, Progress, SegmentedControl, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconClockX, IconCloudCheck, IconLinkOff, IconSend } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { api, isApiError } from '../../api/client.ts';
import { Brand } from '../../components/Brand.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { issueField } from '../../components/errors.ts';
import { useDocumentTitle } from '../../components/useDocumentTitle.ts';
import { changeLocale, LOCALES } from '../../i18n/index.ts';
import { useFormat, useLocale } from '../../lib/format.ts';
import { allowedAnswers, frameworkItems, itemAnswerType, type FrameworkDefinition, type FrameworkItem } from '../../../shared/assessments/framework.ts';
import { ANSWER_ISSUES, type AnswerIssue } from '../../../shared/assessments/domain.ts';
import type { AnswerDto, VendorSheetDto } from '../../../shared/contracts/assessments.contract.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { localized } from '../frameworks/frameworks.ts';
import { answerBody, draftFrom, draftState, linkProblem, needsTarget, savedAnswer, sheetReadOnly, targetWindow, useVendorSheet, VENDOR_SHEET_KEY, vendorSheetPath, type ItemDraft } from './vendorSheet.ts';

/**
 * The vendor sheet through a signed link, without an account: phone first, large touch targets, every item saved as it is
 * answered. It calls only the link's own endpoints (no session, nothing else of the hospital).
 */
export function VendorSheetPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const q = useVendorSheet(token);

  if (q.isPending) {
    return (
      <PublicFrame title={t('vendorSheet.title')}>
        <Group justify="center" py="xl">
          <Loader aria-label={t('common.loading')} />
        </Group>
      </PublicFrame>
    );
  }
  if (q.error) {
    const problem = linkProblem(q.error);
    if (problem === 'other') {
      return (
        <PublicFrame title={t('vendorSheet.title')}>
          <ErrorAlert error={q.error} />
          <Button onClick={() => void q.refetch()}>{t('common.retry')}</Button>
        </PublicFrame>
      );
    }
    return (
      <PublicFrame title={problem === 'expired' ? t('vendorSheet.expiredTitle') : t('vendorSheet.unknownTitle')}>
        <Alert color="orange" variant="light" role="alert" icon={problem === 'expired' ? <IconClockX aria-hidden /> : <IconLinkOff aria-hidden />}>
          <Text size="md">{problem === 'expired' ? t('vendorSheet.expired') : t('vendorSheet.unknown')}</Text>
        </Alert>
        <Text size="sm" c="dimmed">
          {t('vendorSheet.askHospital')}
        </Text>
      </PublicFrame>
    );
  }
  return <Sheet token={token} sheet={q.data} />;
}

/** The public page's own frame: brand, a language switch that needs no account, one column. */
function PublicFrame({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  useDocumentTitle(title);
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" px="md" py="sm" component="header" wrap="nowrap">
        <Brand />
        <SegmentedControl
          aria-label={t('language.menuTitle')}
          value={locale}
          onChange={(v) => void changeLocale(v === 'en' ? 'en' : 'ja')}
          data={LOCALES.map((l) => ({ value: l, label: t(`language.names.${l}`) }))}
          size="sm"
        />
      </Group>
      <Container size={760} px={{ base: 'xs', sm: 'md' }} pb="xl" component="main" id="main">
        <Stack gap="md" mt="sm">
          <Title order={1} size="h2">
            {title}
          </Title>
          {children}
        </Stack>
      </Container>
    </Box>
  );
}

function Sheet({ token, sheet }: { token: string; sheet: VendorSheetDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const def = sheet.framework;
  const readOnly = sheetReadOnly(sheet.status);
  const answers = new Map(sheet.answers.map((a) => [a.itemId, a]));
  const [saving, setSaving] = useState<Set<string>>(() => new Set());
  const onSaving = useCallback((itemId: string, busy: boolean) => {
    setSaving((prev) => {
      if (busy === prev.has(itemId)) return prev;
      const next = new Set(prev);
      if (busy) next.add(itemId);
      else next.delete(itemId);
      return next;
    });
  }, []);
  const refresh = useCallback(() => void qc.invalidateQueries({ queryKey: [...VENDOR_SHEET_KEY, token] }), [qc, token]);
  const p = sheet.progress;
  const percent = p.items > 0 ? Math.round((p.answered / p.items) * 100) : 0;

  return (
    <PublicFrame title={t('vendorSheet.title')}>
      <Card withBorder radius="md" p="md">
        <Stack gap={4}>
          <Text size="lg" fw={700}>
            {t('vendorSheet.to', { vendor: sheet.vendorName })}
          </Text>
          <Text size="md">{t('vendorSheet.from', { facility: sheet.facilityName })}</Text>
          <Text size="sm" c="dimmed">
            {localized(def.title, fmt.locale)}
            {def.fiscalYear !== undefined ? ` · ${fmt.fiscalYear(def.fiscalYear)}` : ''}
          </Text>
          <Text size="sm">{t('vendorSheet.expires', { date: fmt.dateTime(sheet.expiresAt) })}</Text>
        </Stack>
      </Card>
      {sheet.status === 'submitted' ? (
        <Alert color="green" variant="light" role="status" icon={<IconCircleCheck aria-hidden />} title={t('vendorSheet.submittedTitle')}>
          {t('vendorSheet.submitted')}
        </Alert>
      ) : null}
      {sheet.status === 'accepted' || sheet.status === 'locked' ? (
        <Alert color="green" variant="light" role="status" icon={<IconCircleCheck aria-hidden />} title={t('vendorSheet.acceptedTitle')}>
          {t('vendorSheet.accepted')}
        </Alert>
      ) : null}
      {sheet.status === 'in_progress' && sheet.returnReason ? (
        <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('vendorSheet.returnedTitle')}>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {sheet.returnReason}
          </Text>
        </Alert>
      ) : null}
      {!readOnly ? (
        <Text size="sm">{t('vendorSheet.intro')}</Text>
      ) : null}
      <Box pos="sticky" top={0} bg="gray.0" py={6} style={{ zIndex: 2 }}>
        <Group justify="space-between" gap="xs" mb={4}>
          <Text size="sm" fw={600} id="vendor-sheet-progress">
            {t('vendorSheet.progress', { answered: p.answered, items: p.items })}
          </Text>
          {saving.size > 0 ? (
            <Text size="sm" c="dimmed" aria-live="polite">
              {t('vendorSheet.saving')}
            </Text>
          ) : null}
        </Group>
        <Progress value={percent} size="lg" radius="xl" aria-label={t('vendorSheet.progress', { answered: p.answered, items: p.items })} />
      </Box>
      {p.gateClosed ? (
        <Alert color="blue" variant="light" role="status">
          {t('vendorSheet.gateClosed')}
        </Alert>
      ) : null}
      {def.gate ? (
        <SectionBlock id="gate" title={t('vendorSheet.gate')}>
          <ItemCard token={token} def={def} item={def.gate} initial={answers.get(def.gate.id)} readOnly={readOnly} onSaved={refresh} onSaving={onSaving} />
        </SectionBlock>
      ) : null}
      {def.sections.map((s) => (
        <SectionBlock key={s.id} id={s.id} title={`${s.number ? `${s.number} ` : ''}${localized(s.title, fmt.locale)}`}>
          {s.items.map((item) => (
            <ItemCard key={item.id} token={token} def={def} item={item} initial={answers.get(item.id)} readOnly={readOnly} onSaved={refresh} onSaving={onSaving} />
          ))}
        </SectionBlock>
      ))}
      {!readOnly ? <SubmitPanel token={token} sheet={sheet} busy={saving.size > 0} onDone={refresh} /> : null}
    </PublicFrame>
  );
}

function SectionBlock({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Stack gap="sm" component="section" aria-labelledby={`vs-section-${id}`}>
      <Title order={2} size="h3" id={`vs-section-${id}`} mt="sm">
        {title}
      </Title>
      {children}
    </Stack>
  );
}

type SaveState = 'idle' | 'saving' | 'saved' | 'needsTarget' | 'conflict' | 'error';

/** One item: answer buttons, check date, target date (for No), comment; saved as soon as it can be. */
function ItemCard({
  token,
  def,
  item,
  initial,
  readOnly,
  onSaved,
  onSaving,
}: {
  token: string;
  def: FrameworkDefinition;
  item: FrameworkItem;
  initial: AnswerDto | undefined;
  readOnly: boolean;
  onSaved: () => void;
  onSaving: (itemId: string, busy: boolean) => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const type = itemAnswerType(def, item);
  const [d, setD] = useState<ItemDraft>(() => draftFrom(initial));
  const [state, setState] = useState<SaveState>('idle');
  const [errors, setErrors] = useState<{ answer?: string; checkedOn?: string; targetOn?: string; other?: unknown }>({});
  // undefined: the server's answer shape was not understood, so no optimistic check is sent.
  const updatedAt = useRef<string | null | undefined>(initial?.updatedAt ?? null);
  const busy = useRef(false);
  const queued = useRef<ItemDraft | null>(null);
  const range = targetWindow(def, item);
  const choices = allowedAnswers(type).map((value) => ({ value, label: answerLabel(t, type, value, fmt.locale) }));
  const labelId = `vs-item-${item.id}`;

  // A gap is saved without its target date too (the answer is clicked first); it then asks for the date.
  const save = async (next: ItemDraft): Promise<void> => {
    if (busy.current) {
      queued.current = next;
      return;
    }
    busy.current = true;
    onSaving(item.id, true);
    setState('saving');
    try {
      const body = answerBody(type, next, updatedAt.current ?? null);
      const res = await api.put<unknown>(vendorSheetPath.answer(token, item.id), updatedAt.current === undefined ? { ...body, expectedUpdatedAt: undefined } : body);
      const saved = savedAnswer(res, item.id);
      updatedAt.current = saved ? saved.updatedAt : undefined;
      if (saved?.checkedOn && !next.checkedOn) setD((p) => ({ ...p, checkedOn: saved.checkedOn ?? '' }));
      setErrors({});
      setState(draftState(type, next) === 'needsTarget' ? 'needsTarget' : 'saved');
      onSaved();
    } catch (e) {
      if (isApiError(e) && e.code === 'CONFLICT') setState('conflict');
      else {
        setState('error');
        const next: typeof errors = {};
        if (isApiError(e)) {
          for (const i of e.issues) {
            const f = issueField(i.path);
            if (f === 'answer' || f === 'checkedOn' || f === 'targetOn') next[f] = issueMessage(t, i.message);
          }
        }
        if (!next.answer && !next.checkedOn && !next.targetOn) next.other = e;
        setErrors(next);
      }
    } finally {
      busy.current = false;
      onSaving(item.id, false);
      const q = queued.current;
      queued.current = null;
      if (q) void save(q);
    }
  };
  const saveLater = useDebouncedCallback((next: ItemDraft) => void save(next), { delay: 1200, flushOnUnmount: true });

  const change = (patch: Partial<ItemDraft>, when: 'now' | 'later' = 'now') => {
    const next = { ...d, ...patch };
    if (patch.answer !== undefined && !needsTarget(type, next.answer)) next.targetOn = '';
    if (patch.answer && !next.checkedOn) next.checkedOn = jstDateKey(new Date());
    setD(next);
    if (when === 'now') void save(next);
    else saveLater(next);
  };

  const gap = needsTarget(type, d.answer);
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="article" aria-labelledby={labelId} data-item-id={item.id}>
      <Stack gap="sm">
        <Group gap="sm" align="flex-start" wrap="nowrap">
          <Text fw={700} className="mono" miw={36}>
            {item.number}
          </Text>
          <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
            <Text size="md" id={labelId} style={{ whiteSpace: 'pre-wrap' }}>
              {localized(item.text, fmt.locale)}
            </Text>
            {item.help ? (
              <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
                {localized(item.help, fmt.locale)}
              </Text>
            ) : null}
          </Stack>
        </Group>
        {readOnly ? (
          <ReadOnlyAnswer type={type} draft={d} />
        ) : (
          <>
            <SegmentedControl
              fullWidth
              size="lg"
              aria-label={t('vendorSheet.answerFor', { number: item.number })}
              value={d.answer ?? ''}
              onChange={(v) => change({ answer: v })}
              data={choices}
            />
            {errors.answer ? (
              <Text size="sm" c="red.9" role="alert">
                {errors.answer}
              </Text>
            ) : null}
            <Group grow gap="sm" align="flex-start" wrap="wrap">
              <TextInput
                type="date"
                size="md"
                label={t('vendorSheet.checkedOn')}
                value={d.checkedOn}
                max={jstDateKey(new Date())}
                onChange={(e) => change({ checkedOn: e.currentTarget.value })}
                error={errors.checkedOn}
                miw={160}
              />
              {gap ? (
                <TextInput
                  type="date"
                  size="md"
                  label={t('vendorSheet.targetOn')}
                  description={range.max ? t('vendorSheet.targetHelp', { date: fmt.date(range.max) }) : undefined}
                  required
                  value={d.targetOn}
                  min={range.min}
                  max={range.max}
                  onChange={(e) => change({ targetOn: e.currentTarget.value })}
                  error={errors.targetOn ?? (state === 'needsTarget' ? t('vendorSheet.needsTarget') : undefined)}
                  miw={160}
                />
              ) : null}
            </Group>
            <Textarea
              size="md"
              label={t('vendorSheet.comment')}
              autosize
              minRows={2}
              maxRows={8}
              maxLength={4000}
              value={d.comment}
              onChange={(e) => change({ comment: e.currentTarget.value }, 'later')}
              onBlur={() => saveLater.flush()}
            />
            <SaveStatus state={state} error={errors.other} onRetry={() => void save(d)} />
          </>
        )}
      </Stack>
    </Card>
  );
}

function SaveStatus({ state, error, onRetry }: { state: SaveState; error: unknown; onRetry: () => void }) {
  const { t } = useTranslation();
  if (state === 'saving') {
    return (
      <Group gap={6} aria-live="polite">
        <Loader size="xs" aria-hidden />
        <Text size="sm" c="dimmed">
          {t('vendorSheet.saving')}
        </Text>
      </Group>
    );
  }
  if (state === 'saved') {
    return (
      <Group gap={6} aria-live="polite">
        <IconCloudCheck size={16} color="var(--mantine-color-green-8)" aria-hidden />
        <Text size="sm" c="green.9">
          {t('vendorSheet.saved')}
        </Text>
      </Group>
    );
  }
  if (state === 'conflict') {
    return (
      <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />}>
        <Stack gap="xs">
          <Text size="sm">{t('vendorSheet.conflict')}</Text>
          <Button size="sm" variant="default" onClick={() => window.location.reload()}>
            {t('vendorSheet.reload')}
          </Button>
        </Stack>
      </Alert>
    );
  }
  if (state === 'error' && error) {
    return (
      <Stack gap="xs">
        <ErrorAlert error={error} />
        <Button size="sm" variant="default" onClick={onRetry}>
          {t('common.retry')}
        </Button>
      </Stack>
    );
  }
  return <Box aria-live="polite" />;
}

function ReadOnlyAnswer({ type, draft }: { type: Parameters<typeof answerLabel>[1]; draft: ItemDraft }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Stack gap={2}>
      <Text size="md" fw={700}>
        {draft.answer ? answerLabel(t, type, draft.answer, fmt.locale) : t('vendorSheet.unanswered')}
      </Text>
      {draft.checkedOn ? <Text size="sm">{t('vendorSheet.checkedOnValue', { date: fmt.date(draft.checkedOn) })}</Text> : null}
      {draft.targetOn ? <Text size="sm">{t('vendorSheet.targetOnValue', { date: fmt.date(draft.targetOn) })}</Text> : null}
      {draft.comment ? (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {draft.comment}
        </Text>
      ) : null}
    </Stack>
  );
}

function answerLabel(t: TFunction, type: ReturnType<typeof itemAnswerType>, value: string, locale: 'ja' | 'en'): string {
  if (type === 'yes_no' || type === 'yes_no_na') return value === 'yes' || value === 'no' || value === 'na' ? t(`vendorSheet.answers.${value}`) : value;
  const level = type.scale.find((s) => s.value === value);
  return level ? localized(level.label, locale) : value;
}

/** A field issue of the server (`target_required` …) in words. */
function issueMessage(t: TFunction, code: string): string {
  return (ANSWER_ISSUES as readonly string[]).includes(code) ? t(`vendorSheet.issues.${code as AnswerIssue}`) : t('vendorSheet.issues.invalid');
}

/** Submitting the answers with the answering person's name. */
function SubmitPanel({ token, sheet, busy, onDone }: { token: string; sheet: VendorSheetDto; busy: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [nameError, setNameError] = useState<string | undefined>();
  const submit = useMutation({
    mutationFn: () => api.post<unknown>(vendorSheetPath.submit(token), { name: name.trim() }),
    onSuccess: onDone,
  });
  const unanswered = sheet.progress.gateClosed ? 0 : sheet.progress.items - sheet.progress.answered;
  // Refused because items are not complete: one issue per item (path = item id).
  const items = new Map(frameworkItems(sheet.framework).map((i) => [i.id, i]));
  const incomplete =
    isApiError(submit.error) && submit.error.code === 'VALIDATION_FAILED'
      ? submit.error.issues.flatMap((i) => {
          const item = items.get(issueField(i.path));
          return item ? [{ itemId: item.id, number: item.number, text: issueMessage(t, i.message) }] : [];
        })
      : [];
  return (
    <Card withBorder radius="md" p="md" component="section" aria-labelledby="vs-submit">
      <Stack gap="sm">
        <Title order={2} size="h3" id="vs-submit">
          {t('vendorSheet.submitTitle')}
        </Title>
        <Text size="sm">{t('vendorSheet.submitIntro')}</Text>
        {unanswered > 0 ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />}>
            {t('vendorSheet.unansweredLeft', { count: unanswered })}
          </Alert>
        ) : null}
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) {
              setNameError(t('vendorSheet.nameRequired'));
              document.getElementById('vs-name')?.focus();
              return;
            }
            setNameError(undefined);
            submit.mutate();
          }}
        >
          <Stack gap="sm">
            <TextInput id="vs-name" size="md" label={t('vendorSheet.name')} description={t('vendorSheet.nameHelp')} required value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} maxLength={200} autoComplete="name" />
            {incomplete.length > 0 ? (
              <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('vendorSheet.incompleteTitle', { count: incomplete.length })}>
                <List size="sm" spacing={2}>
                  {incomplete.map((i) => (
                    <List.Item key={i.itemId}>
                      <Anchor href={`#vs-item-${i.itemId}`} size="sm">
                        {i.number}
                      </Anchor>{' '}
                      {i.text}
                    </List.Item>
                  ))}
                </List>
              </Alert>
            ) : submit.error ? (
              <ErrorAlert error={submit.error} />
            ) : null}
            <Button type="submit" size="lg" leftSection={<IconSend size={18} aria-hidden />} loading={submit.isPending} disabled={busy}>
              {t('vendorSheet.submit')}
            </Button>
          </Stack>
        </form>
      </Stack>
    </Card>
  );
}
