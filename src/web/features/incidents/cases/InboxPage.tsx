import { useEffect, useMemo, useRef, useState } from 'react';
import { Anchor, Button, Card, Group, Kbd, Stack, Text, Title } from '@mantine/core';
import { IconInbox, IconShieldExclamation } from '@tabler/icons-react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { Pager } from '../../../components/Pager.tsx';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import { usePermissions } from '../../session/permissions.ts';
import { INBOX_PAGE_SIZE, INBOX_STATUSES, inboxKey, inboxStatusFromParams, moveSelection, titleFromReport, useReportInbox, type InboxStatus, type ReportDto } from './cases.ts';
import { ReportFacts, ReportStatusBadge, TriageButtons, TriageModal, type TriageAction } from './ReportParts.tsx';

/** Whether a key press belongs to a field being typed in (the inbox's single-key commands stay out of its way). */
function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el) return false;
  const tag = el.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || el.isContentEditable || Boolean(el.closest('[role="dialog"]'));
}

/**
 * The triage inbox: the reports of the current facility, new ones first (the status is kept in the URL), with counts
 * per status. Each report shows what, where, when, who and the photo; incident.write opens a case from it, merges it
 * into an open case or dismisses it with a reason. Keys: j / k move, o / m / d act on the selected report.
 */
export function InboxPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('incident.read', facilityId));
  const canWrite = facilityId !== null && (perm.isAdmin || perm.can('incident.write', facilityId));
  const [params, setParams] = useSearchParams();
  const status = inboxStatusFromParams(params);
  const page = Math.max(1, Math.trunc(Number(params.get('page') ?? '1')) || 1);
  const list = useReportInbox(facilityId, status, page, canRead);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const [selected, setSelected] = useState(-1);
  const [acting, setActing] = useState<{ report: ReportDto; action: TriageAction } | null>(null);
  const cards = useRef<(HTMLElement | null)[]>([]);

  const setStatus = (s: InboxStatus) => {
    const next = new URLSearchParams(params);
    if (s === 'new') next.delete('status');
    else next.set('status', s);
    next.delete('page');
    setSelected(-1);
    setParams(next, { replace: true });
  };
  const setPage = (p: number) => {
    const next = new URLSearchParams(params);
    if (p > 1) next.set('page', String(p));
    else next.delete('page');
    setSelected(-1);
    setParams(next, { replace: true });
  };

  // The single-key commands (not while typing or while a modal is open).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (acting || inField(e.target)) return;
      const cmd = inboxKey(e);
      if (!cmd) return;
      if (cmd === 'next' || cmd === 'previous') {
        e.preventDefault();
        const next = moveSelection(selected, items.length, cmd === 'next' ? 1 : -1);
        setSelected(next);
        cards.current[next]?.focus();
        return;
      }
      const report = items[selected];
      if (!report || !canWrite || report.status !== 'new') return;
      e.preventDefault();
      setActing({ report, action: cmd });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [acting, items, selected, canWrite]);

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('incidentCases.inbox.title')} />
        <EmptyState icon={<IconShieldExclamation size={28} />} title={t('incidentCases.list.unavailableTitle')} description={t('incidentCases.inbox.unavailable')} />
      </>
    );
  }
  const counts = list.data?.counts;
  const total = counts ? Object.values(counts).reduce((a, b) => a + b, 0) : 0;

  return (
    <>
      <PageHeader title={t('incidentCases.inbox.title')} description={t('incidentCases.inbox.description')} />
      <Stack gap="md">
        <Group gap="xs" wrap="wrap" role="group" aria-label={t('incidentCases.inbox.statusLabel')}>
          {INBOX_STATUSES.map((s) => {
            const n = s === 'all' ? total : (counts?.[s] ?? 0);
            const active = s === status;
            return (
              <Button
                key={s}
                size="sm"
                variant={active ? 'filled' : 'default'}
                aria-pressed={active}
                onClick={() => setStatus(s)}
                data-testid={`inbox-status-${s}`}
              >
                {t(`incidentCases.inbox.status.${s}`, { count: n })}
              </Button>
            );
          })}
        </Group>
        <Text size="sm" c="dimmed" data-testid="inbox-keys" visibleFrom="sm">
          {canWrite ? (
            <>
              {t('incidentCases.inbox.keysIntro')} <Kbd size="xs">j</Kbd> / <Kbd size="xs">k</Kbd> {t('incidentCases.inbox.keysMove')} · <Kbd size="xs">o</Kbd> {t('incidentCases.triage.open')} · <Kbd size="xs">m</Kbd>{' '}
              {t('incidentCases.triage.merge')} · <Kbd size="xs">d</Kbd> {t('incidentCases.triage.dismiss')}
            </>
          ) : (
            <>
              {t('incidentCases.inbox.keysIntro')} <Kbd size="xs">j</Kbd> / <Kbd size="xs">k</Kbd> {t('incidentCases.inbox.keysMove')} · {t('incidentCases.inbox.readOnly')}
            </>
          )}
        </Text>
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && items.length === 0 ? (
          <EmptyState
            icon={<IconInbox size={28} />}
            title={status === 'new' ? t('incidentCases.inbox.emptyNewTitle') : t('incidentCases.inbox.emptyTitle')}
            description={status === 'new' ? t('incidentCases.inbox.emptyNew') : t('incidentCases.inbox.empty')}
          />
        ) : null}
        {items.length > 0 ? (
          <Stack component="ol" gap="sm" aria-label={t('incidentCases.inbox.listLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {items.map((r, i) => (
              <Card
                component="li"
                key={r.id}
                ref={(el: HTMLLIElement | null) => {
                  cards.current[i] = el;
                }}
                tabIndex={0}
                withBorder
                radius="md"
                p={{ base: 'sm', sm: 'md' }}
                aria-labelledby={`report-${r.id}`}
                aria-current={i === selected ? 'true' : undefined}
                data-testid="inbox-report"
                data-selected={i === selected ? 'true' : undefined}
                onFocus={() => setSelected(i)}
                style={
                  i === selected
                    ? { borderColor: 'var(--mantine-color-blue-6)', boxShadow: 'inset 4px 0 0 var(--mantine-color-blue-6)' }
                    : undefined
                }
              >
                <Stack gap="sm">
                  <Group justify="space-between" align="flex-start" gap="sm" wrap="wrap">
                    <Title order={2} size="h5" id={`report-${r.id}`} style={{ flex: '1 1 16rem', minWidth: 0, overflowWrap: 'anywhere' }}>
                      <Anchor component={Link} to={PATHS.incidentReport(r.id)} inherit>
                        {titleFromReport(r.what)}
                      </Anchor>
                    </Title>
                    <ReportStatusBadge report={r} />
                  </Group>
                  {r.what.trim() !== titleFromReport(r.what) ? (
                    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} lineClamp={4}>
                      {r.what}
                    </Text>
                  ) : null}
                  <ReportFacts report={r} photoSize={112} />
                  {canWrite && r.status === 'new' ? <TriageButtons report={r} keys={i === selected} onAction={(action) => setActing({ report: r, action })} /> : null}
                </Stack>
              </Card>
            ))}
          </Stack>
        ) : null}
        {list.data && list.data.total > INBOX_PAGE_SIZE ? <Pager total={list.data.total} page={page} pageSize={INBOX_PAGE_SIZE} onChange={setPage} /> : null}
      </Stack>
      {acting ? (
        <TriageModal
          facilityId={facilityId}
          report={acting.report}
          action={acting.action}
          onClose={() => {
            const i = items.findIndex((x) => x.id === acting.report.id);
            setActing(null);
            if (i >= 0) requestAnimationFrame(() => cards.current[i]?.focus());
          }}
        />
      ) : null}
    </>
  );
}
