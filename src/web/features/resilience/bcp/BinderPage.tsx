import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Badge, Button, Group, List, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileTypeHtml, IconFileTypePdf, IconInfoCircle, IconSearch } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Pager } from '../../../components/Pager.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { BINDER_SECTION_LABELS, BINDER_SECTIONS } from '../../../../shared/resilience/binder.ts';
import type { TBinderFormat, TBinderStatus } from '../../../../shared/contracts/resilience-binder.contract.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { BINDER_PRINTS_PAGE_SIZE, binderState, codeToCheck, downloadBinder, sectionList, useBinderChanged, useBinderCheck, useBinderPrints, useBinderStatus } from './binder.ts';

/**
 * The emergency binder: what the binder holds, whether the last printed copy is still current (and which sections changed
 * since), the PDF and offline-HTML downloads, the check of a printed copy by its code (the QR on paper opens this page
 * with ?check=CODE) and the print history.
 */
export function BinderPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility, facilityOptions, setCurrentFacilityId } = useSession();
  const facilityId = currentFacility?.id ?? null;
  // The QR of a printed copy names its facility (?facility=CODE): switch to it when the user has it.
  const wanted = new URLSearchParams(window.location.search).get('facility');
  const target = wanted ? facilityOptions.find((f) => f.code === wanted) : undefined;
  useEffect(() => {
    if (target && target.id !== facilityId) setCurrentFacilityId(target.id);
  }, [target, facilityId, setCurrentFacilityId]);
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('resilience.read', facilityId));
  const status = useBinderStatus(facilityId, canRead);
  // Decided once: the panel must not jump when the user checks another code on the page.
  const [checking] = useState(() => new URLSearchParams(window.location.search).has('check'));

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('resilienceBcp.binder.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('resilienceBcp.binder.unavailable')} />
      </>
    );
  }
  return (
    <>
      <PageHeader title={t('resilienceBcp.binder.title')} description={t('resilienceBcp.binder.description')} />
      <Stack gap="lg">
        {/* Opened from the QR of a printed copy: the answer comes first. */}
        {checking ? <CheckPanel facilityId={facilityId} /> : null}
        {status.isPending ? <Loading /> : null}
        {status.error ? <ErrorAlert error={status.error} /> : null}
        {status.data ? <StatusPanel status={status.data} /> : null}
        <DownloadPanel facilityId={facilityId} />
        <ContentsPanel changed={status.data?.changedSections ?? []} />
        {checking ? null : <CheckPanel facilityId={facilityId} />}
        <HistoryPanel facilityId={facilityId} />
      </Stack>
    </>
  );
}

/** The last copy and, worst first, whether it must be printed again. Always with words and an icon. */
function StatusPanel({ status }: { status: TBinderStatus }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const state = binderState(status);
  const last = status.lastPrint;
  const details = last
    ? t('resilienceBcp.binder.status.lastCopy', {
        code: last.code,
        at: fmt.dateTime(last.generatedAt),
        relative: fmt.relative(last.generatedAt),
        by: last.by ?? t('resilienceBcp.binder.status.bySystem'),
        format: t(`resilienceBcp.binder.format.${last.format}`),
      })
    : null;
  if (state === 'never') {
    return (
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('resilienceBcp.binder.status.neverTitle')} data-testid="binder-status" data-state={state}>
        {t('resilienceBcp.binder.status.never')}
      </Alert>
    );
  }
  if (state === 'changed') {
    return (
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('resilienceBcp.binder.status.changedTitle')} data-testid="binder-status" data-state={state} role="alert">
        <Stack gap={4}>
          <Text size="sm" fw={700} data-testid="binder-changed">
            {status.changedSections.length > 0
              ? t('resilienceBcp.binder.status.changed', { code: last?.code ?? '', sections: sectionList(status.changedSections, fmt.locale) })
              : t('resilienceBcp.binder.status.changedSomething', { code: last?.code ?? '' })}
          </Text>
          <Text size="sm">{details}</Text>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('resilienceBcp.binder.status.currentTitle')} data-testid="binder-status" data-state={state}>
      <Text size="sm">{details}</Text>
    </Alert>
  );
}

function DownloadPanel({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const changed = useBinderChanged();
  const download = useMutation({
    mutationFn: (format: TBinderFormat) => downloadBinder(facilityId, format, fmt.locale),
    onSuccess: ({ fileName }) => {
      changed();
      notify(t('resilienceBcp.binder.download.done', { name: fileName }));
    },
  });
  const busy = download.isPending ? download.variables : null;
  return (
    <SectionCard id="binder-download" title={t('resilienceBcp.binder.download.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('resilienceBcp.binder.download.help')}</Text>
        <Group gap="sm" wrap="wrap">
          <Button leftSection={<IconFileTypePdf size={16} aria-hidden />} loading={busy === 'pdf'} disabled={busy === 'html'} onClick={() => download.mutate('pdf')}>
            {t('resilienceBcp.binder.download.pdf')}
          </Button>
          <Button variant="default" leftSection={<IconFileTypeHtml size={16} aria-hidden />} loading={busy === 'html'} disabled={busy === 'pdf'} onClick={() => download.mutate('html')}>
            {t('resilienceBcp.binder.download.html')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('resilienceBcp.binder.download.htmlHelp')}
        </Text>
        {download.error ? <ErrorAlert error={download.error} onClose={() => download.reset()} /> : null}
      </Stack>
    </SectionCard>
  );
}

/** The seven sections, each with what it holds; the ones changed since the last copy are marked. */
function ContentsPanel({ changed }: { changed: readonly string[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <SectionCard id="binder-contents" title={t('resilienceBcp.binder.contents.title')}>
      <Text size="sm" mb="sm">
        {t('resilienceBcp.binder.contents.help')}
      </Text>
      <Stack component="ol" gap="xs" style={{ paddingLeft: '1.4rem', margin: 0 }}>
        {BINDER_SECTIONS.map((s) => (
          <li key={s}>
            <Group gap="xs" wrap="wrap">
              <Text fw={700} size="sm">
                {BINDER_SECTION_LABELS[s][fmt.locale]}
              </Text>
              {changed.includes(s) ? <StatusBadge tone="warn">{t('resilienceBcp.binder.contents.changed')}</StatusBadge> : null}
            </Group>
            <Text size="sm" c="dimmed">
              {t(`resilienceBcp.binder.contents.about.${s}`)}
            </Text>
          </li>
        ))}
      </Stack>
    </SectionCard>
  );
}

/** "Is this paper copy current?": the code typed (or brought by the QR in ?check=) and the answer. */
function CheckPanel({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [params, setParams] = useSearchParams();
  const fromUrl = params.get('check') ?? '';
  const [input, setInput] = useState(fromUrl);
  const code = codeToCheck(fromUrl);
  const check = useBinderCheck(facilityId, code);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams(params);
    const c = codeToCheck(input);
    if (c) next.set('check', c);
    else next.delete('check');
    setParams(next, { replace: true });
  };
  const r = check.data;
  return (
    <SectionCard id="binder-check" title={t('resilienceBcp.binder.check.title')}>
      <form onSubmit={submit} noValidate>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TextInput
            id="binder-check-code"
            label={t('resilienceBcp.binder.check.label')}
            description={t('resilienceBcp.binder.check.help')}
            placeholder="BND-20260401-ACDE"
            value={input}
            onChange={(e) => setInput(e.currentTarget.value)}
            style={{ flex: '1 1 16rem' }}
            autoComplete="off"
            spellCheck={false}
          />
          <Button type="submit" variant="default" leftSection={<IconSearch size={16} aria-hidden />}>
            {t('resilienceBcp.binder.check.submit')}
          </Button>
        </Group>
      </form>
      <div aria-live="polite">
        {check.isFetching && !r ? <Loading /> : null}
        {check.error ? <ErrorAlert error={check.error} /> : null}
        {r && code ? (
          !r.found ? (
            <Alert mt="sm" color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('resilienceBcp.binder.check.notFoundTitle')} data-testid="binder-check-result" data-state="not_found">
              {t('resilienceBcp.binder.check.notFound', { code: r.code })}
            </Alert>
          ) : r.current ? (
            <Alert mt="sm" color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('resilienceBcp.binder.check.currentTitle')} data-testid="binder-check-result" data-state="current">
              {t('resilienceBcp.binder.check.current', { code: r.code, at: r.generatedAt ? fmt.dateTime(r.generatedAt) : '' })}
            </Alert>
          ) : (
            <Alert mt="sm" color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('resilienceBcp.binder.check.outdatedTitle')} data-testid="binder-check-result" data-state="outdated">
              <Stack gap={4}>
                <Text size="sm">{t('resilienceBcp.binder.check.outdated', { code: r.code, at: r.generatedAt ? fmt.dateTime(r.generatedAt) : '' })}</Text>
                {r.changedSections.length > 0 ? <Text size="sm">{t('resilienceBcp.binder.check.changedSections', { sections: sectionList(r.changedSections, fmt.locale) })}</Text> : null}
                {r.newestCode ? <Text size="sm">{t('resilienceBcp.binder.check.newest', { code: r.newestCode })}</Text> : null}
              </Stack>
            </Alert>
          )
        ) : null}
      </div>
    </SectionCard>
  );
}

function HistoryPanel({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [page, setPage] = useState(1);
  const prints = useBinderPrints(facilityId, page);
  const items = prints.data?.items ?? [];
  return (
    <SectionCard id="binder-history" title={t('resilienceBcp.binder.history.title')}>
      {prints.isPending ? <Loading /> : null}
      {prints.error ? <ErrorAlert error={prints.error} /> : null}
      {prints.data && prints.data.total === 0 ? (
        <Group gap="xs" wrap="nowrap">
          <IconInfoCircle size={16} aria-hidden />
          <Text size="sm">{t('resilienceBcp.binder.history.empty')}</Text>
        </Group>
      ) : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={560} type="native" tabIndex={0} role="region" aria-label={t('resilienceBcp.binder.history.title')}>
          <Table striped highlightOnHover stickyHeader data-testid="binder-prints">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('resilienceBcp.binder.history.code')}</Table.Th>
                <Table.Th>{t('resilienceBcp.binder.history.at')}</Table.Th>
                <Table.Th>{t('resilienceBcp.binder.history.by')}</Table.Th>
                <Table.Th>{t('resilienceBcp.binder.history.format')}</Table.Th>
                <Table.Th>{t('resilienceBcp.binder.history.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id}>
                  <Table.Td ff="monospace" style={{ whiteSpace: 'nowrap' }}>
                    {p.code}
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(p.generatedAt)}</Table.Td>
                  <Table.Td>{p.by ?? t('resilienceBcp.binder.status.bySystem')}</Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>
                      {t(`resilienceBcp.binder.format.${p.format}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>
                    {p.current ? <StatusBadge tone="ok">{t('resilienceBcp.binder.history.current')}</StatusBadge> : <StatusBadge tone="warn">{t('resilienceBcp.binder.history.outdated')}</StatusBadge>}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {prints.data && prints.data.total > 0 ? <Pager total={prints.data.total} page={page} pageSize={prints.data.pageSize || BINDER_PRINTS_PAGE_SIZE} onChange={setPage} /> : null}
      <List size="xs" mt="xs" c="dimmed" icon={<IconInfoCircle size={12} aria-hidden />}>
        <List.Item>{t('resilienceBcp.binder.history.help')}</List.Item>
      </List>
    </SectionCard>
  );
}
