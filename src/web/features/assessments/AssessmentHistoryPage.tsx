import { Badge, Group, Select, Stack, Text, ThemeIcon, Timeline } from '@mantine/core';
import { IconCheck, IconHistory } from '@tabler/icons-react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPending } from '../../components/DetailPage.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { useFormat } from '../../lib/format.ts';
import { frameworkItems, itemAnswerType, type FrameworkDefinition } from '../../../shared/assessments/framework.ts';
import { AssessmentsUnavailable } from './AssessmentsUnavailable.tsx';
import { assessmentPage, changedFields, type HistoryField as Field, useAssessment, useAssessmentAccess, useAssessmentHistory, useAssessmentLabels, type THistory } from './assessments.ts';

/** History: every change of the assessment, newest first, filterable by item. */
export function AssessmentHistoryPage() {
  const { t } = useTranslation();
  const access = useAssessmentAccess();
  const { assessmentId } = useParams();
  const [params, setParams] = useSearchParams();
  const itemId = params.get('item') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const detail = useAssessment(access.view ? (assessmentId ?? null) : null);
  const history = useAssessmentHistory(access.view ? (assessmentId ?? null) : null, itemId, page);
  const labels = useAssessmentLabels();
  if (!access.facilityId || !access.view) return <AssessmentsUnavailable title={t('assessments.history.pageTitle')} />;
  const back = <BackLink to={assessmentPage.one(assessmentId ?? '', itemId || undefined)}>{t('assessments.history.back')}</BackLink>;
  if (!detail.data) return <DetailPending back={back} title={t('assessments.history.pageTitle')} query={detail} notFound={t('assessments.page.notFound')} />;
  const d = detail.data;
  const name = d.assessment.title ?? labels.text(d.assessment.frameworkTitle);
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  return (
    <>
      {back}
      <PageHeader title={t('assessments.history.title', { name })} />
      <Stack gap="md">
        <Select
          label={t('assessments.history.item')}
          data={[{ value: '', label: t('assessments.history.allItems') }, ...frameworkItems(d.framework).map((i) => ({ value: i.id, label: `${i.number} ${labels.text(i.text)}` }))]}
          value={itemId}
          onChange={(v) => set({ item: v ?? '', page: '' })}
          allowDeselect={false}
          searchable
          maw={640}
        />
        {history.error ? <ErrorAlert error={history.error} /> : null}
        {history.data ? <Events history={history.data} framework={d.framework} /> : null}
        {history.data && history.data.total > history.data.pageSize ? (
          <Pager page={page} total={history.data.total} pageSize={history.data.pageSize} onChange={(p) => set({ page: p > 1 ? String(p) : '' })} />
        ) : null}
      </Stack>
    </>
  );
}

function Events({ history, framework }: { history: THistory; framework: FrameworkDefinition }) {
  const { t, i18n } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const items = new Map(frameworkItems(framework).map((i) => [i.id, i]));
  if (history.items.length === 0) return <Text size="sm">{t('assessments.history.empty')}</Text>;
  const actionLabel = (a: string) => (i18n.exists(`assessments.history.actions.${a}`) ? t(`assessments.history.actions.${a}` as 'assessments.history.actions.answer') : a);
  const value = (field: Field, v: unknown, itemId: string | null): string => {
    if (v === null || v === undefined || v === '') return t('assessments.history.empty_value');
    if (field === 'answer' && typeof v === 'string') {
      const item = itemId ? items.get(itemId) : undefined;
      return item ? labels.answer(itemAnswerType(framework, item), v) : v;
    }
    if ((field === 'checkedOn' || field === 'targetOn') && typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return fmt.date(v);
    if (field === 'status' && typeof v === 'string' && ['in_progress', 'submitted', 'accepted', 'locked'].includes(v)) return labels.status(v as 'locked');
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  return (
    <Timeline bulletSize={26} lineWidth={2} active={-1} aria-label={t('assessments.history.listLabel')} component="ol" style={{ listStyle: 'none', paddingLeft: 0 }}>
      {history.items.map((e) => {
        const item = e.itemId ? items.get(e.itemId) : undefined;
        const changes = changedFields(e.before, e.after);
        return (
          <Timeline.Item
            key={e.id}
            component="li"
            bullet={
              <ThemeIcon size={26} radius="xl" variant="light">
                {e.action === 'answer' ? <IconCheck size={14} aria-hidden /> : <IconHistory size={14} aria-hidden />}
              </ThemeIcon>
            }
            title={
              <Group gap="xs" wrap="wrap">
                <Text fw={700} size="sm">
                  {actionLabel(e.action)}
                </Text>
                <Badge variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>
                  {item ? `${item.number} ${labels.text(item.text)}` : t('assessments.history.assessmentLevel')}
                </Badge>
              </Group>
            }
          >
            <Text size="xs" c="dimmed">
              {t('assessments.history.byAt', { actor: e.actor, at: fmt.dateTime(e.createdAt) })}
            </Text>
            {changes.map((c) => (
              <Text key={c.field} size="sm">
                {t('assessments.history.change', { field: t(`assessments.history.fields.${c.field}`), from: value(c.field, c.from, e.itemId), to: value(c.field, c.to, e.itemId) })}
              </Text>
            ))}
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
