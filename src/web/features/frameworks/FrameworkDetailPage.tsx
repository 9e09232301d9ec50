import type { ReactNode } from 'react';
import { Anchor, Badge, Box, Card, Group, List, SegmentedControl, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconRobot } from '@tabler/icons-react';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPending } from '../../components/DetailPage.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { SearchField } from '../../components/ListFilters.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PrintButton, PrintSheet } from '../../components/PrintSheet.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { itemAnswerType, type FrameworkDefinition, type FrameworkItem } from '../../../shared/assessments/framework.ts';
import { useSession } from '../session/SessionContext.tsx';
import { useFrameworkLabels } from './FrameworksPage.tsx';
import { answerTypeLabel, filterFramework, localized, ruleDescription, scopeLabel, textModeFromParam, useFrameworkDetail, type TextMode } from './frameworks.ts';

/** One framework version: its sections and items in Japanese and/or English, searchable and printable. */
export function FrameworkDetailPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useFrameworkLabels();
  const { frameworkId = '', version = '' } = useParams();
  const { currentFacility } = useSession();
  const [params, setParams] = useSearchParams();
  const q = useFrameworkDetail(currentFacility?.id ?? null, frameworkId, version);
  const mode = textModeFromParam(params.get('text'));
  const search = params.get('q') ?? '';
  const setParam = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const back = <BackLink to={PATHS.frameworks}>{t('frameworks.detail.back')}</BackLink>;
  if (!q.data) return <DetailPending back={back} title={t('frameworks.detail.title')} query={q} notFound={t('frameworks.detail.notFound')} />;
  const { summary, definition: def } = q.data;
  const filtered = filterFramework(def, search);

  return (
    <PrintSheet messages="frameworks.detail">
      <Box className="no-print">{back}</Box>
      <PageHeader
        title={localized(def.title, fmt.locale)}
        description={[localized(def.publisher, fmt.locale), labels.version(summary), labels.sheet(summary)].join(' · ')}
        actions={<PrintButton />}
      />
      <Stack gap="md">
        <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }}>
          <Stack gap={6}>
            {def.description ? <Text size="sm">{localized(def.description, fmt.locale)}</Text> : null}
            <Group gap="lg" wrap="wrap">
              <Text size="sm">{t('frameworks.detail.counts', { sections: summary.sections, items: summary.items, rules: summary.ruleItems })}</Text>
              {summary.unverifiedItems > 0 ? (
                <Group gap={4}>
                  <IconAlertTriangle size={16} color="var(--mantine-color-orange-8)" aria-hidden />
                  <Text size="sm" c="orange.9">
                    {t('frameworks.list.unverifiedCount', { count: summary.unverifiedItems })}
                  </Text>
                </Group>
              ) : null}
              <Text size="sm" c="dimmed">
                {labels.owner(summary)}
              </Text>
            </Group>
            {def.source?.url || def.source?.note ? (
              <Text size="sm">
                {t('frameworks.detail.source')}{' '}
                {def.source.url ? (
                  <Anchor href={def.source.url} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {def.source.url}
                  </Anchor>
                ) : null}{' '}
                {def.source.note ?? ''} {def.source.date ? `(${def.source.date})` : ''}
              </Text>
            ) : null}
          </Stack>
        </Card>
        <Group gap="md" align="flex-end" wrap="wrap" className="no-print" role="search" aria-label={t('frameworks.detail.searchLabel')}>
          <Box style={{ flex: '1 1 18rem' }}>
            <SearchField label={t('frameworks.detail.search')} placeholder={t('frameworks.detail.searchPlaceholder')} value={search} onChange={(v) => setParam('q', v)} />
          </Box>
          <Stack gap={4}>
            <Text size="sm" fw={500} id="framework-text-mode">
              {t('frameworks.detail.textMode')}
            </Text>
            <SegmentedControl
              aria-labelledby="framework-text-mode"
              value={mode}
              onChange={(v) => setParam('text', v === 'ja' ? '' : v)}
              data={[
                { value: 'ja', label: t('frameworks.detail.textJa') },
                { value: 'en', label: t('frameworks.detail.textEn') },
                { value: 'both', label: t('frameworks.detail.textBoth') },
              ]}
            />
          </Stack>
        </Group>
        <Text size="sm" aria-live="polite" className="no-print">
          {search ? t('frameworks.detail.matches', { matches: filtered.matches, total: filtered.total }) : t('frameworks.detail.total', { total: filtered.total })}
        </Text>
        {filtered.matches === 0 ? <EmptyState title={t('frameworks.detail.noMatchTitle')} description={t('frameworks.detail.noMatch')} /> : null}
        {filtered.gate ? (
          <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="framework-gate">
            <Title order={2} size="h4" id="framework-gate" mb="xs">
              {t('frameworks.detail.gate')}
            </Title>
            <Text size="sm" c="dimmed" mb="xs">
              {t('frameworks.detail.gateHelp')}
            </Text>
            <ItemView def={def} item={filtered.gate} mode={mode} />
          </Card>
        ) : null}
        {filtered.sections.map((s) => (
          <Card key={s.id} withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={`section-${s.id}`}>
            <Title order={2} size="h4" id={`section-${s.id}`}>
              {s.number ? `${s.number} ` : ''}
              <Texts text={s.title} mode={mode} inline />
            </Title>
            {s.description ? (
              <Box mt={4}>
                <Texts text={s.description} mode={mode} size="sm" dimmed />
              </Box>
            ) : null}
            {search && s.items.length < s.total ? (
              <Text size="xs" c="dimmed" mt={4}>
                {t('frameworks.detail.sectionMatches', { matches: s.items.length, total: s.total })}
              </Text>
            ) : null}
            <Stack gap={0} mt="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {s.items.map((item) => (
                <Box component="li" key={item.id} py="sm" style={{ borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                  <ItemView def={def} item={item} mode={mode} />
                </Box>
              ))}
            </Stack>
          </Card>
        ))}
      </Stack>
    </PrintSheet>
  );
}

/** A localized text in the chosen mode; the English text is marked as English for screen readers. */
function Texts({ text, mode, size, dimmed = false, inline = false }: { text: { ja: string; en: string }; mode: TextMode; size?: string; dimmed?: boolean; inline?: boolean }) {
  const c = dimmed ? 'dimmed' : undefined;
  if (inline) {
    if (mode === 'en') return <span lang="en">{text.en}</span>;
    if (mode === 'ja') return <span lang="ja">{text.ja}</span>;
    return (
      <>
        <span lang="ja">{text.ja}</span>
        <Text component="span" lang="en" c="dimmed" fw={400} size="sm" ml="xs">
          {text.en}
        </Text>
      </>
    );
  }
  return (
    <Stack gap={2}>
      {mode !== 'en' ? (
        <Text size={size} c={c} lang="ja" style={{ whiteSpace: 'pre-wrap' }}>
          {text.ja}
        </Text>
      ) : null}
      {mode !== 'ja' ? (
        <Text size={size ?? 'sm'} c={mode === 'both' ? 'dimmed' : c} lang="en" style={{ whiteSpace: 'pre-wrap' }}>
          {text.en}
        </Text>
      ) : null}
    </Stack>
  );
}

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Group gap={6} wrap="nowrap" align="flex-start">
      <Text size="xs" fw={700} c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {label}
      </Text>
      <Box style={{ flex: 1, minWidth: 0 }}>{children}</Box>
    </Group>
  );
}

/** One item: number and text, scope, answer type, required-by year, references, rule, help, examples, verified flag. */
function ItemView({ def, item, mode }: { def: FrameworkDefinition; item: FrameworkItem; mode: TextMode }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Box component="article" aria-labelledby={`item-${item.id}`} data-item-id={item.id}>
      <Group gap="sm" align="flex-start" wrap="nowrap">
        <Text fw={700} size="sm" miw={48} id={`item-${item.id}`} className="mono">
          {item.number}
        </Text>
        <Stack gap={6} style={{ flex: 1, minWidth: 0 }}>
          <Texts text={item.text} mode={mode} />
          <Group gap={6} wrap="wrap">
            <Badge variant="light" color="gray" radius="sm" style={{ textTransform: 'none' }}>
              {t('frameworks.fields.scope')}: {scopeLabel(t, item.scope)}
            </Badge>
            <Badge variant="light" color="blue" radius="sm" style={{ textTransform: 'none' }}>
              {answerTypeLabel(t, itemAnswerType(def, item), fmt.locale)}
            </Badge>
            {item.requiredBy ? (
              <Badge variant="light" color="grape" radius="sm" style={{ textTransform: 'none' }}>
                {t('frameworks.detail.requiredBy', { year: fmt.fiscalYear(item.requiredBy) })}
              </Badge>
            ) : null}
            {!item.verified ? (
              <Tooltip label={t('frameworks.unverifiedHelp')} withArrow multiline w={280}>
                <Badge variant="light" color="orange" radius="sm" leftSection={<IconAlertTriangle size={12} aria-hidden />} style={{ textTransform: 'none' }} tabIndex={0}>
                  {t('frameworks.detail.unverified')}
                </Badge>
              </Tooltip>
            ) : null}
          </Group>
          {item.rule ? (
            <Meta label={t('frameworks.fields.rule')}>
              <Group gap={6} wrap="nowrap" align="flex-start">
                <IconRobot size={16} aria-hidden style={{ flexShrink: 0, marginTop: 2 }} />
                <Text size="sm">
                  {ruleDescription(t, item.rule)}{' '}
                  <Text component="span" size="xs" c="dimmed" className="mono">
                    ({item.rule})
                  </Text>
                </Text>
              </Group>
            </Meta>
          ) : null}
          {item.references.length > 0 ? (
            <Meta label={t('frameworks.fields.references')}>
              <Text size="sm">{item.references.join(' / ')}</Text>
            </Meta>
          ) : null}
          {item.help ? (
            <Meta label={t('frameworks.fields.help')}>
              <Texts text={item.help} mode={mode} size="sm" />
            </Meta>
          ) : null}
          {item.examples.length > 0 ? (
            <Meta label={t('frameworks.fields.examples')}>
              <List size="sm" spacing={2}>
                {item.examples.map((e, n) => (
                  <List.Item key={n}>
                    <Texts text={e} mode={mode} size="sm" />
                  </List.Item>
                ))}
              </List>
            </Meta>
          ) : null}
        </Stack>
      </Group>
    </Box>
  );
}
