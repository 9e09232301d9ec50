import { forwardRef, useEffect, useImperativeHandle, useRef, useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Box, Button, Grid, Group, List, Paper, SegmentedControl, Stack, Text, Textarea, TextInput } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconCheck,
  IconCircleCheck,
  IconHistory,
  IconListCheck,
  IconLoader2,
  IconPaperclip,
  IconRobot,
  IconRefresh,
} from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client.ts';
import { useErrorText } from '../../components/errors.ts';
import { useFormat } from '../../lib/format.ts';
import { allowedAnswers, itemAnswerType, type FrameworkDefinition, type FrameworkItem } from '../../../shared/assessments/framework.ts';
import { deadlineWindow, validateAnswer } from '../../../shared/assessments/domain.ts';
import { reasonTone } from '../../../shared/assessments/reasons.ts';
import type { ReasonText } from '../../../shared/assessments/types.ts';
import { UnverifiedBadge } from './AssessmentBits.tsx';
import { assessmentPage, detailKey, isGap, putAnswer, recordHref, savedUpdatedAt, todayJst, useAssessmentLabels, type TItemState } from './assessments.ts';
import { useReasonText } from './reasonText.ts';

interface Draft {
  answer: string | null;
  checkedOn: string;
  targetOn: string;
  responsible: string;
  comment: string;
}

function draftOf(state: TItemState | undefined): Draft {
  const a = state?.answer;
  return { answer: a?.answer ?? null, checkedOn: a?.checkedOn ?? '', targetOn: a?.targetOn ?? '', responsible: a?.responsible ?? '', comment: a?.comment ?? '' };
}

type SaveState = 'idle' | 'saving' | 'saved' | 'conflict' | 'error';

/** What the page does with a card from the keyboard. */
export interface ItemCardHandle {
  focus: () => void;
  answer: (value: string) => void;
  focusTarget: () => void;
}

export interface ItemCardProps {
  assessmentId: string;
  definition: FrameworkDefinition;
  item: FrameworkItem;
  state: TItemState | undefined;
  fiscalYear: number | null;
  /** The caller may change answers now (permission and status). */
  editable: boolean;
  /** Not needed because the gate question was answered "no". */
  notRequired: boolean;
  /** Whether the caller may turn gaps into actions. */
  canMakeAction: boolean;
  focused: boolean;
  onFocusItem: (itemId: string) => void;
  onOpenEvidence: (itemId: string) => void;
  onMakeAction: (itemId: string) => void;
}

/**
 * One checklist item: its wording (both languages), scope and flags, the answer with check date, target date,
 * responsible person and comment saved field by field, the auto-evaluation and any disagreement, problems, evidence and actions.
 */
export const ItemCard = forwardRef<ItemCardHandle, ItemCardProps>(function ItemCard(props, ref) {
  const { assessmentId, definition, item, state, fiscalYear, editable, notRequired, canMakeAction, focused, onFocusItem, onOpenEvidence, onMakeAction } = props;
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const reasons = useReasonText();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const type = itemAnswerType(definition, item);
  const rootRef = useRef<HTMLDivElement>(null);
  const targetRef = useRef<HTMLInputElement>(null);
  const [draft, setDraft] = useState<Draft>(() => draftOf(state));
  const draftRef = useRef(draft);
  const [save, setSave] = useState<SaveState>('idle');
  const [saveError, setSaveError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<keyof Draft, string>>>({});
  /** The answer's updatedAt this card's draft is based on (sent as expectedUpdatedAt). */
  const known = useRef<string | null>(state?.answer?.updatedAt ?? null);
  const pending = useRef(0);
  const dirty = useRef(false);
  const chain = useRef<Promise<unknown>>(Promise.resolve());

  // Someone else's change (or our own, refetched): take it when nothing is being typed or saved here.
  const serverUpdatedAt = state?.answer?.updatedAt ?? null;
  useEffect(() => {
    if (pending.current > 0 || dirty.current) return;
    if (serverUpdatedAt === known.current && save !== 'conflict') return;
    known.current = serverUpdatedAt;
    const next = draftOf(state);
    draftRef.current = next;
    setDraft(next);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [serverUpdatedAt]);

  const deadline = deadlineWindow(fiscalYear, item);
  const today = todayJst();
  const gap = isGap(type, draft.answer);

  const validate = (d: Draft): Partial<Record<keyof Draft, string>> => {
    const out: Partial<Record<keyof Draft, string>> = {};
    for (const issue of validateAnswer(definition, item, { answer: d.answer, checkedOn: d.checkedOn || null, targetOn: d.targetOn || null }, { fiscalYear, today })) {
      const field = issue.path as keyof Draft;
      if (!out[field]) out[field] = t(`assessments.validation.${issue.message}` as 'assessments.validation.target_required', { start: deadline ? fmt.date(deadline.start) : '', end: deadline ? fmt.date(deadline.end) : '' });
    }
    return out;
  };

  const persist = (d: Draft) => {
    const errors = validate(d);
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;
    pending.current += 1;
    setSave('saving');
    setSaveError(null);
    chain.current = chain.current
      .catch(() => undefined)
      .then(() =>
        putAnswer(assessmentId, item.id, {
          answer: d.answer,
          checkedOn: d.checkedOn || null,
          targetOn: d.targetOn || null,
          responsible: d.responsible.trim() || null,
          comment: d.comment.trim() ? d.comment : null,
          expectedUpdatedAt: known.current,
        }),
      )
      .then(
        (r) => {
          known.current = savedUpdatedAt(r) ?? known.current;
          pending.current -= 1;
          if (pending.current === 0) setSave('saved');
          void qc.invalidateQueries({ queryKey: detailKey(assessmentId) });
          void qc.invalidateQueries({ queryKey: ['assessments'], predicate: (q) => q.queryKey[2] === 'list' });
        },
        (e: unknown) => {
          pending.current -= 1;
          if (isApiError(e) && e.code === 'CONFLICT') setSave('conflict');
          else {
            setSave('error');
            setSaveError(e);
            if (isApiError(e) && e.issues.length > 0) {
              const errs: Partial<Record<keyof Draft, string>> = {};
              for (const i of e.issues) {
                const field = i.path.replace(/^body\./, '') as keyof Draft;
                if (field in d && !errs[field]) errs[field] = reasons.issue(i.message);
              }
              setFieldErrors(errs);
            }
          }
        },
      );
  };

  const timer = useRef<number | null>(null);
  useEffect(
    () => () => {
      if (timer.current !== null) window.clearTimeout(timer.current);
    },
    [],
  );
  /** Changes the draft; saves now, after a pause (`later`: dates being typed), or on leaving the field (`blur`). */
  const update = (patch: Partial<Draft>, when: 'now' | 'later' | 'blur') => {
    const next = { ...draftRef.current, ...patch };
    draftRef.current = next;
    setDraft(next);
    if (timer.current !== null) window.clearTimeout(timer.current);
    timer.current = null;
    if (when === 'now') {
      dirty.current = false;
      persist(next);
      return;
    }
    dirty.current = true;
    if (when === 'later')
      timer.current = window.setTimeout(() => {
        timer.current = null;
        if (dirty.current) {
          dirty.current = false;
          persist(draftRef.current);
        }
      }, 800);
  };
  const flush = () => {
    if (dirty.current) update({}, 'now');
  };

  const setAnswer = (value: string) => {
    if (!editable) return;
    const done = !isGap(type, value);
    update({ answer: value, checkedOn: draftRef.current.checkedOn || today, ...(done ? { targetOn: '' } : {}) }, 'now');
  };

  const reload = async () => {
    await qc.refetchQueries({ queryKey: detailKey(assessmentId) });
    const fresh = qc.getQueryData<{ items: TItemState[] }>(detailKey(assessmentId))?.items.find((s) => s.itemId === item.id);
    known.current = fresh?.answer?.updatedAt ?? null;
    dirty.current = false;
    const next = draftOf(fresh);
    draftRef.current = next;
    setDraft(next);
    setSave('idle');
    setFieldErrors({});
  };

  useImperativeHandle(ref, () => ({
    focus: () => {
      rootRef.current?.focus();
    },
    answer: setAnswer,
    focusTarget: () => {
      targetRef.current?.focus();
    },
  }));

  const suggestion = state?.suggestion ?? null;
  const disagree = Boolean(state?.disagreement);
  const answerText = labels.answer(type, draft.answer);
  const otherLang = labels.lang === 'ja' ? 'en' : 'ja';
  const itemLabelId = `item-${item.id}-label`;
  const carried = Boolean(state?.answer?.carriedOver);

  return (
    <Paper
      ref={rootRef}
      withBorder
      radius="md"
      p={{ base: 'sm', sm: 'md' }}
      tabIndex={-1}
      data-item-id={item.id}
      className="assessment-item"
      component="article"
      aria-label={t('assessments.item.label', { number: item.number, text: labels.text(item.text) })}
      onFocus={() => onFocusItem(item.id)}
      style={{
        borderColor: disagree ? 'var(--mantine-color-red-6)' : focused ? 'var(--mantine-color-blue-6)' : undefined,
        borderWidth: disagree || focused ? 2 : undefined,
        scrollMarginTop: 80,
      }}
    >
      <Stack gap="sm">
        <Group gap="xs" align="flex-start" wrap="nowrap">
          <Text fw={700} miw={40} className="mono">
            {item.number}
          </Text>
          <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
            <Text fw={600} id={itemLabelId} style={{ lineHeight: 1.6 }}>
              {labels.text(item.text)}
            </Text>
            <Text size="xs" c="dimmed" lang={otherLang} style={{ lineHeight: 1.5 }}>
              {item.text[otherLang]}
            </Text>
          </Stack>
        </Group>

        <Group gap={6} wrap="wrap">
          <Badge variant="light" color="gray" radius="sm" style={{ textTransform: 'none' }}>
            {t('assessments.item.scopeBadge', { scope: labels.scope(item.scope) })}
          </Badge>
          {item.requiredBy !== undefined && item.requiredBy !== fiscalYear ? (
            <Badge variant="light" color="grape" radius="sm" style={{ textTransform: 'none' }}>
              {t('assessments.item.requiredBy', { year: fmt.fiscalYear(item.requiredBy) })}
            </Badge>
          ) : null}
          {!item.verified ? <UnverifiedBadge /> : null}
          {carried ? (
            <Badge variant="light" color="yellow" radius="sm" leftSection={<IconArrowBackUp size={12} aria-hidden />} style={{ textTransform: 'none' }} title={t('assessments.item.carriedHelp')}>
              {t('assessments.item.carried')}
            </Badge>
          ) : null}
          {notRequired ? (
            <Badge variant="light" color="gray" radius="sm" style={{ textTransform: 'none' }}>
              {t('assessments.item.notRequired')}
            </Badge>
          ) : null}
        </Group>

        {item.help || item.examples.length > 0 || item.references.length > 0 ? (
          <details className="assessment-help">
            <summary>
              <Text span size="sm" c="blue.8">
                {item.help ? t('assessments.item.help') : t('assessments.item.examples')}
              </Text>
            </summary>
            <Stack gap={6} mt={6}>
              {item.help ? (
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', lineHeight: 1.6 }}>
                  {labels.text(item.help)}
                </Text>
              ) : null}
              {item.examples.length > 0 ? (
                <>
                  <Text size="sm" fw={700}>
                    {t('assessments.item.examples')}
                  </Text>
                  <List size="sm" spacing={2}>
                    {item.examples.map((ex, i) => (
                      <List.Item key={i}>{labels.text(ex)}</List.Item>
                    ))}
                  </List>
                </>
              ) : null}
              {item.references.length > 0 ? (
                <Text size="xs" c="dimmed">
                  {t('assessments.item.references', { refs: item.references.join(' / ') })}
                </Text>
              ) : null}
            </Stack>
          </details>
        ) : null}

        {suggestion ? <SuggestionBox state={state!} answerText={answerText} number={item.number} editable={editable && allowedAnswers(type).includes(suggestion.value)} onAdopt={setAnswer} /> : null}

        <Grid gutter="sm" align="flex-start">
          <Grid.Col span={12}>
            <Group gap="sm" align="center" wrap="wrap">
              <SegmentedControl
                data={labels.answerOptions(type)}
                value={draft.answer ?? ''}
                onChange={setAnswer}
                disabled={!editable}
                aria-label={t('assessments.item.answerLabel', { number: item.number })}
                size="sm"
                color={gap ? 'orange' : draft.answer ? 'green' : undefined}
              />
              <SaveIndicator state={save} error={saveError ? errorText(saveError).title : null} onReload={() => void reload()} />
              {carried && editable ? (
                <Button size="compact-sm" variant="light" leftSection={<IconCheck size={14} aria-hidden />} onClick={() => update({ checkedOn: draftRef.current.checkedOn || today }, 'now')}>
                  {t('assessments.item.confirm')}
                </Button>
              ) : null}
            </Group>
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput
              type="date"
              label={t('assessments.item.checkedOn')}
              value={draft.checkedOn}
              max={today}
              disabled={!editable}
              error={fieldErrors.checkedOn}
              onChange={(e) => update({ checkedOn: e.currentTarget.value }, 'later')}
              onBlur={flush}
              size="sm"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, sm: 3 }}>
            <TextInput
              ref={targetRef}
              type="date"
              label={t('assessments.item.targetOn')}
              required={gap}
              value={draft.targetOn}
              min={deadline?.start}
              max={deadline?.end}
              disabled={!editable || (!gap && !draft.targetOn)}
              description={gap && deadline ? t('assessments.item.targetHelp', { start: fmt.date(deadline.start), end: fmt.date(deadline.end) }) : undefined}
              error={fieldErrors.targetOn ?? (gap && !draft.targetOn ? t('assessments.validation.target_required') : undefined)}
              onChange={(e) => update({ targetOn: e.currentTarget.value }, 'later')}
              onBlur={flush}
              size="sm"
            />
          </Grid.Col>
          <Grid.Col span={{ base: 12, sm: 6 }}>
            <TextInput
              label={t('assessments.item.responsible')}
              value={draft.responsible}
              maxLength={200}
              disabled={!editable}
              error={fieldErrors.responsible}
              onChange={(e) => update({ responsible: e.currentTarget.value }, 'blur')}
              onBlur={flush}
              size="sm"
            />
          </Grid.Col>
          <Grid.Col span={12}>
            <Textarea
              label={t('assessments.item.comment')}
              value={draft.comment}
              maxLength={4000}
              autosize
              minRows={1}
              maxRows={6}
              disabled={!editable}
              error={fieldErrors.comment}
              onChange={(e) => update({ comment: e.currentTarget.value }, 'blur')}
              onBlur={flush}
              size="sm"
            />
          </Grid.Col>
        </Grid>

        {state && state.problems.length > 0 ? (
          <Box>
            <Text size="xs" fw={700} c="orange.9">
              {t('assessments.item.problems')}
            </Text>
            <List size="xs" spacing={0} icon={<IconAlertTriangle size={12} color="var(--mantine-color-orange-8)" aria-hidden />}>
              {state.problems.map((p, i) => (
                <List.Item key={`${p.key}-${i}`}>
                  <Text size="xs" c="orange.9">
                    {reasons.reason(p)}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Box>
        ) : null}

        {state && state.actions.length > 0 ? (
          <Box>
            <Text size="xs" fw={700}>
              {t('assessments.item.actions')}
            </Text>
            <List size="sm" spacing={2} icon={<IconListCheck size={14} aria-hidden />}>
              {state.actions.map((a) => (
                <List.Item key={a.id}>
                  {a.title} · {t(`assessments.actionStatus.${a.status as 'open'}`, { defaultValue: a.status })}
                  {a.dueOn ? ` · ${t('assessments.item.actionDue', { date: fmt.date(a.dueOn) })}` : ''}
                </List.Item>
              ))}
            </List>
          </Box>
        ) : null}

        <Group gap="xs" justify="space-between" wrap="wrap">
          <Group gap="xs" wrap="wrap">
            <Button size="compact-sm" variant="default" leftSection={<IconPaperclip size={14} aria-hidden />} aria-label={t('assessments.item.evidenceLabel', { number: item.number })} onClick={() => onOpenEvidence(item.id)}>
              {t('assessments.item.evidenceCount', { count: state?.evidence.length ?? 0 })}
            </Button>
            {canMakeAction && gap ? (
              <Button size="compact-sm" variant="default" leftSection={<IconListCheck size={14} aria-hidden />} aria-label={t('assessments.item.toActionLabel', { number: item.number })} onClick={() => onMakeAction(item.id)}>
                {t('assessments.item.toAction')}
              </Button>
            ) : null}
            <Button size="compact-sm" variant="subtle" component={Link} to={assessmentPage.history(assessmentId, item.id)} leftSection={<IconHistory size={14} aria-hidden />}>
              {t('assessments.item.history')}
            </Button>
          </Group>
          {state?.answer?.updatedBy ? (
            <Text size="xs" c="dimmed">
              {t('assessments.item.updatedBy', { by: state.answer.updatedBy, at: fmt.dateTime(state.answer.updatedAt) })}
            </Text>
          ) : null}
        </Group>
      </Stack>
    </Paper>
  );
});

/** Saving / saved / conflict (with reload) / the error. */
function SaveIndicator({ state, error, onReload }: { state: SaveState; error: string | null; onReload: () => void }) {
  const { t } = useTranslation();
  let body: ReactNode = null;
  if (state === 'saving')
    body = (
      <Group gap={4}>
        <IconLoader2 size={14} aria-hidden />
        <Text size="xs">{t('assessments.item.saving')}</Text>
      </Group>
    );
  else if (state === 'saved')
    body = (
      <Group gap={4}>
        <IconCircleCheck size={14} color="var(--mantine-color-green-8)" aria-hidden />
        <Text size="xs" c="green.9">
          {t('assessments.item.saved')}
        </Text>
      </Group>
    );
  else if (state === 'conflict')
    body = (
      <Group gap={6}>
        <IconAlertTriangle size={14} color="var(--mantine-color-red-8)" aria-hidden />
        <Text size="xs" c="red.9">
          {t('assessments.item.conflict')}
        </Text>
        <Button size="compact-xs" variant="light" leftSection={<IconRefresh size={12} aria-hidden />} onClick={onReload}>
          {t('assessments.item.reload')}
        </Button>
      </Group>
    );
  else if (state === 'error')
    body = (
      <Group gap={4}>
        <IconAlertTriangle size={14} color="var(--mantine-color-red-8)" aria-hidden />
        <Text size="xs" c="red.9">
          {t('assessments.item.saveFailed')}
          {error ? `: ${error}` : ''}
        </Text>
      </Group>
    );
  return (
    <div role="status" aria-live="polite">
      {body}
    </div>
  );
}

/**
 * The disagreement sentence quotes only the first reason against the answer ("The answer is 'Yes', but the ledger has 3
 * external connections past their approval"); the full list of reasons follows right below it, so quoting them all
 * would say everything twice.
 */
function headlineReasons(all: readonly ReasonText[]): ReasonText[] {
  const gap = all.find((r) => reasonTone(r.key) === 'gap');
  return gap ? [gap] : [...all];
}

/** The auto-evaluation: the suggested answer, its reasons and records; a disagreement in a red box with its sentence and 'use suggestion'. */
function SuggestionBox({ state, answerText, number, editable, onAdopt }: { state: TItemState; answerText: string; number: string; editable: boolean; onAdopt: (v: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const reasons = useReasonText();
  const s = state.suggestion!;
  const disagree = state.disagreement;
  const records =
    s.records.length > 0 ? (
      <Box>
        <Text size="xs" fw={700}>
          {t('assessments.suggestion.records')}
        </Text>
        <Group gap={6} wrap="wrap">
          {s.records.slice(0, 12).map((r) => {
            const href = recordHref(r.type, r.id);
            const label = `${labels.recordType(r.type)}: ${r.label}`;
            return href ? (
              <Anchor key={`${r.type}-${r.id}`} component={Link} to={href} size="xs">
                {label}
              </Anchor>
            ) : (
              <Text key={`${r.type}-${r.id}`} size="xs">
                {label}
              </Text>
            );
          })}
        </Group>
      </Box>
    ) : null;
  const reasonList = (
    <List size="sm" spacing={2}>
      {s.reasons.map((r, i) => (
        <List.Item key={`${r.key}-${i}`}>{reasons.reason(r)}</List.Item>
      ))}
    </List>
  );
  const title = s.value === 'unknown' ? t('assessments.suggestion.unknown') : t('assessments.suggestion.title', { value: labels.suggestion(s.value) });
  if (disagree) {
    return (
      <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('assessments.suggestion.disagreementTitle')} data-testid="disagreement">
        <Stack gap={6}>
          <Text size="sm" fw={700}>
            {reasons.disagreement(answerText, headlineReasons(s.reasons))}
          </Text>
          <Group gap={6}>
            <IconRobot size={14} aria-hidden />
            <Text size="sm">{title}</Text>
            <Text size="xs" c="dimmed">
              {t('assessments.suggestion.evaluatedAt', { at: fmt.dateTime(s.evaluatedAt) })}
            </Text>
          </Group>
          {reasonList}
          {records}
          {editable && s.value !== 'unknown' ? (
            <Group>
              <Button size="compact-sm" color="red" variant="outline" aria-label={t('assessments.suggestion.adoptLabel', { number, value: labels.suggestion(s.value) })} onClick={() => onAdopt(s.value)}>
                {t('assessments.suggestion.adopt')}
              </Button>
            </Group>
          ) : null}
        </Stack>
      </Alert>
    );
  }
  return (
    <Paper withBorder radius="sm" p="xs" bg="var(--mantine-color-gray-0)">
      <Stack gap={4}>
        <Group gap={6}>
          <IconRobot size={14} aria-hidden />
          <Text size="sm" fw={600}>
            {title}
          </Text>
          <Text size="xs" c="dimmed">
            {t('assessments.suggestion.evaluatedAt', { at: fmt.dateTime(s.evaluatedAt) })}
          </Text>
        </Group>
        {reasonList}
        {records}
        {editable && s.value !== 'unknown' && !state.answer?.answer ? (
          <Group>
            <Button size="compact-sm" variant="light" aria-label={t('assessments.suggestion.adoptLabel', { number, value: labels.suggestion(s.value) })} onClick={() => onAdopt(s.value)}>
              {t('assessments.suggestion.adopt')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    </Paper>
  );
}
