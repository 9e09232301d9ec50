import { Badge, Grid, Paper, Select, Stack, Switch, Table, Text, type MantineColor } from '@mantine/core';
import { IconArrowDownRight, IconArrowUpRight, IconEqual, IconMinus, IconPencil, IconPlus } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink } from '../../components/DetailPage.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useFormat } from '../../lib/format.ts';
import { AssessmentsUnavailable } from './AssessmentsUnavailable.tsx';
import { assessmentPage, useAssessmentAccess, useAssessmentLabels, useAssessmentList, useCompare, type TAssessment, type TCompareRow } from './assessments.ts';

const CHANGE_STYLE: Record<TCompareRow['change'], { color: MantineColor; icon: ReactNode }> = {
  same: { color: 'gray', icon: <IconEqual size={12} aria-hidden /> },
  changed: { color: 'blue', icon: <IconPencil size={12} aria-hidden /> },
  improved: { color: 'green', icon: <IconArrowUpRight size={12} aria-hidden /> },
  worsened: { color: 'red', icon: <IconArrowDownRight size={12} aria-hidden /> },
  added: { color: 'grape', icon: <IconPlus size={12} aria-hidden /> },
  removed: { color: 'orange', icon: <IconMinus size={12} aria-hidden /> },
};

/** Compare: two assessments item by item (matched by item id), with the kind of change as text and icon. */
export function ComparePage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const access = useAssessmentAccess();
  const [params, setParams] = useSearchParams();
  const a = params.get('a') ?? '';
  const b = params.get('b') ?? '';
  const changesOnly = params.get('changes') === '1';
  const list = useAssessmentList(access.facilityId, access.read);
  const compare = useCompare(a, b);
  if (!access.facilityId || !access.read) return <AssessmentsUnavailable title={t('assessments.compare.title')} />;
  const set = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const option = (x: TAssessment) => ({
    value: x.id,
    label: t('assessments.compare.option', {
      name: `${x.title ?? labels.text(x.frameworkTitle)} ${x.frameworkVersion}${x.vendor ? ` / ${x.vendor.name}` : ''}`,
      year: x.fiscalYear !== null ? fmt.fiscalYear(x.fiscalYear) : t('assessments.list.noFiscalYear'),
      status: labels.status(x.status),
    }),
  });
  const options = (list.data ?? []).map(option);
  const rows = (compare.data?.rows ?? []).filter((r) => !changesOnly || r.change !== 'same');
  const count = (c: TCompareRow['change']) => (compare.data?.rows ?? []).filter((r) => r.change === c).length;
  const answerOf = (cell: TCompareRow['a']) => {
    if (!cell) return <Text size="sm" c="dimmed">{t('assessments.compare.notInFramework')}</Text>;
    return (
      <Stack gap={0}>
        <Text size="sm" fw={600}>
          {cell.answer ? (['yes', 'no', 'na'].includes(cell.answer) ? t(`assessments.answers.${cell.answer as 'yes'}`) : cell.answer) : t('assessments.answers.none')}
        </Text>
        {cell.checkedOn ? (
          <Text size="xs">
            {t('assessments.item.checkedOn')}: {fmt.date(cell.checkedOn)}
          </Text>
        ) : null}
        {cell.targetOn ? (
          <Text size="xs">
            {t('assessments.item.targetOn')}: {fmt.date(cell.targetOn)}
          </Text>
        ) : null}
      </Stack>
    );
  };
  return (
    <>
      <BackLink to={assessmentPage.list}>{t('assessments.page.back')}</BackLink>
      <PageHeader title={t('assessments.compare.title')} description={t('assessments.compare.description')} />
      <Stack gap="md">
        <Grid gutter="sm" align="flex-end">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Select label={t('assessments.compare.a')} data={options} value={a || null} onChange={(v) => set({ a: v ?? '' })} searchable />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Select label={t('assessments.compare.b')} data={options} value={b || null} onChange={(v) => set({ b: v ?? '' })} searchable />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 2 }}>
            <Switch label={t('assessments.compare.changesOnly')} checked={changesOnly} onChange={(e) => set({ changes: e.currentTarget.checked ? '1' : '' })} />
          </Grid.Col>
        </Grid>
        {!a || !b ? <Text size="sm">{t('assessments.compare.pick')}</Text> : null}
        {a && b && a === b ? <Text size="sm">{t('assessments.compare.same')}</Text> : null}
        {compare.isFetching && !compare.data ? <Loading /> : null}
        {compare.error ? <ErrorAlert error={compare.error} /> : null}
        {compare.data ? (
          <>
            <Text size="sm">
              {t('assessments.compare.summary', { improved: count('improved'), worsened: count('worsened'), changed: count('changed'), added: count('added'), removed: count('removed') })}
            </Text>
            {rows.length === 0 ? (
              <Text size="sm">{t('assessments.compare.noRows')}</Text>
            ) : (
              <Paper withBorder radius="md">
                <Table.ScrollContainer minWidth={760}>
                  <Table verticalSpacing="xs" stickyHeader aria-label={t('assessments.compare.tableLabel')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('assessments.compare.number')}</Table.Th>
                        <Table.Th>{t('assessments.compare.item')}</Table.Th>
                        <Table.Th>{t('assessments.compare.a')}</Table.Th>
                        <Table.Th>{t('assessments.compare.b')}</Table.Th>
                        <Table.Th>{t('assessments.compare.changeColumn')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {rows.map((r) => (
                        <Table.Tr key={r.itemId}>
                          <Table.Td className="mono">{r.number ?? ''}</Table.Td>
                          <Table.Td maw={420}>
                            <Text size="sm">{r.text ? labels.text(r.text) : r.itemId}</Text>
                          </Table.Td>
                          <Table.Td>{answerOf(r.a)}</Table.Td>
                          <Table.Td>{answerOf(r.b)}</Table.Td>
                          <Table.Td>
                            <Badge color={CHANGE_STYLE[r.change].color} variant="light" radius="sm" leftSection={CHANGE_STYLE[r.change].icon} style={{ textTransform: 'none' }}>
                              {labels.change(r.change)}
                            </Badge>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Paper>
            )}
          </>
        ) : null}
      </Stack>
    </>
  );
}
