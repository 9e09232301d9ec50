import { useState } from 'react';
import { Alert, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArchive, IconArrowBackUp, IconCircleCheck, IconClipboardPlus, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import type { Ok } from '../../../api/types.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { BackLink, DetailPending } from '../../../components/DetailPage.tsx';
import { DetailSection as Section } from '../../../components/DetailSection.tsx';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { Pager } from '../../../components/Pager.tsx';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat, useLocale } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import type { BackupPlanDto, BackupRunDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import { useLedgerLabels } from '../../ledger/ledger.ts';
import { BackupPlanFormModal } from './BackupPlanFormModal.tsx';
import { BackupRunModal } from './BackupRunModal.tsx';
import { FreshnessBadge, OfflineBadge } from './BackupBadges.tsx';
import { BackupsUnavailable, useBackupAccess } from './BackupsPage.tsx';
import { RUN_PAGE_SIZE, backupPath, durationParts, formatBytes, planFreshnessText, planName, useBackupLabels, useBackupPlan, useBackupRuns, useBackupsChanged } from './backups.ts';

/** One backup plan: its freshness in a sentence, the facts, how to restore from it, and its runs. */
export function BackupPlanPage() {
  const { t } = useTranslation();
  const access = useBackupAccess();
  const { planId } = useParams();
  const location = useLocation();
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? '';
  const q = useBackupPlan(access.read ? (planId ?? null) : null);
  if (!access.facilityId || !access.read) return <BackupsUnavailable title={t('resilienceBackups.plan.title')} />;
  const back = (
    <BackLink to={`${PATHS.backups}${listSearch}`} className="no-print">
      {t('resilienceBackups.plan.back')}
    </BackLink>
  );
  if (!q.data) return <DetailPending back={back} title={t('resilienceBackups.plan.title')} query={q} notFound={t('resilienceBackups.plan.notFound')} />;
  return (
    <>
      {back}
      <PlanDetail plan={q.data} facilityId={access.facilityId} canWrite={access.write} />
    </>
  );
}

function PlanDetail({ plan: p, facilityId, canWrite }: { plan: BackupPlanDto; facilityId: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const fmt = useFormat();
  const labels = useBackupLabels();
  const ledgerLabels = useLedgerLabels();
  const changed = useBackupsChanged();
  const [editing, setEditing] = useState(false);
  const [recording, setRecording] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const name = planName(p, locale);
  const yesNo = (v: boolean) => (v ? t('resilienceBackups.plan.yes') : t('resilienceBackups.plan.no'));
  const text = (s: string | null) => (s ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{s}</Text> : null);
  const when = (iso: string | null) => (iso ? t('common.withRelative', { absolute: fmt.dateTime(iso), relative: fmt.relative(iso) }) : null);

  const reinstate = useMutation({
    mutationFn: (version: number) => api.post<BackupPlanDto>(backupPath.reinstate(p.id), { expectedVersion: version }),
    onSuccess: (plan) => {
      changed(plan);
      notify(t('resilienceBackups.plan.reinstated', { name }));
    },
    onError: () => notify(t('resilienceBackups.plan.reinstateFailed'), { color: 'red' }),
  });
  const retire = useMutation({
    mutationFn: () => api.post<BackupPlanDto>(backupPath.retire(p.id), { expectedVersion: p.version }),
    onSuccess: (plan) => {
      changed(plan);
      setRetiring(false);
      const id = `backup-retired-${plan.id}`;
      notifications.show({
        id,
        color: 'gray',
        title: t('resilienceBackups.plan.retired', { name }),
        message: (
          <Button
            size="xs"
            variant="light"
            mt={4}
            leftSection={<IconArrowBackUp size={14} aria-hidden />}
            onClick={() => {
              notifications.hide(id);
              reinstate.mutate(plan.version);
            }}
          >
            {t('resilienceBackups.plan.undo')}
          </Button>
        ),
        autoClose: 10_000,
        closeButtonProps: { 'aria-label': t('common.close') },
      });
    },
  });

  const offlineReason = p.offline
    ? p.networkSeparated
      ? t('resilienceBackups.plan.offlineWhy.networkSeparated')
      : p.medium === 'immutable' || (p.medium === 'cloud' && p.cloudImmutable)
        ? t('resilienceBackups.plan.offlineWhy.immutable')
        : t('resilienceBackups.plan.offlineWhy.disconnected')
    : t('resilienceBackups.plan.offlineWhy.online');
  const tone = p.retiredAt ? 'gray' : p.freshness.status === 'fresh' ? 'green' : p.freshness.status === 'stale' ? 'red' : 'orange';

  return (
    <>
      <PageHeader
        title={name}
        description={[p.system.name, labels.medium(p.medium), labels.location(p.location)].join(' · ')}
        actions={
          canWrite ? (
            p.retiredAt ? (
              <Button leftSection={<IconArrowBackUp size={16} aria-hidden />} loading={reinstate.isPending} onClick={() => reinstate.mutate(p.version)}>
                {t('resilienceBackups.plan.reinstate')}
              </Button>
            ) : (
              <>
                <Button leftSection={<IconClipboardPlus size={16} aria-hidden />} onClick={() => setRecording(true)}>
                  {t('resilienceBackups.plan.record')}
                </Button>
                <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={() => setEditing(true)}>
                  {t('common.edit')}
                </Button>
                <Button variant="outline" color="red" leftSection={<IconArchive size={16} aria-hidden />} onClick={() => setRetiring(true)}>
                  {t('resilienceBackups.plan.retire')}
                </Button>
              </>
            )
          ) : null
        }
      />
      <Stack gap="lg">
        <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="backup-plan-status">
          <Group gap="sm" mb="xs" wrap="wrap">
            <Title order={2} size="h4" id="backup-plan-status">
              {t('resilienceBackups.plan.statusTitle')}
            </Title>
            <FreshnessBadge plan={p} />
            <OfflineBadge offline={p.offline} />
          </Group>
          {p.retiredAt ? (
            <Text size="sm" mb="xs">
              {t('resilienceBackups.plan.retiredNotice', { date: fmt.date(p.retiredAt) })}
            </Text>
          ) : null}
          <Alert
            color={tone}
            variant="light"
            p="sm"
            icon={p.freshness.status === 'fresh' ? <IconCircleCheck aria-hidden /> : <IconAlertTriangle aria-hidden />}
            data-testid="backup-plan-freshness"
          >
            <Text size="sm" fw={600}>
              {planFreshnessText(p, locale)}
            </Text>
            <Text size="sm">{p.freshness.lastSuccessAt ? t('resilienceBackups.plan.lastSuccess', { when: when(p.freshness.lastSuccessAt) }) : t('resilienceBackups.plan.noSuccess')}</Text>
            {p.freshness.dueBy && !p.retiredAt ? <Text size="sm">{t('resilienceBackups.plan.dueBy', { date: fmt.date(p.freshness.dueBy) })}</Text> : null}
            {p.freshness.lastRunAt && p.freshness.lastRunStatus && p.freshness.lastRunStatus !== 'success' ? (
              <Text size="sm">{t('resilienceBackups.plan.lastRunNotOk', { when: when(p.freshness.lastRunAt), status: labels.status(p.freshness.lastRunStatus) })}</Text>
            ) : null}
          </Alert>
          <Text size="sm" mt="xs">
            {offlineReason}
          </Text>
        </Card>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section
            title={t('resilienceBackups.form.sections.what')}
            rows={[
              [t('resilienceBackups.fields.system'), <Stack key="s" gap={0}><Text size="sm">{p.system.name}</Text><Text size="xs" c="dimmed">{ledgerLabels.criticalityLong(p.system.criticality)}</Text></Stack>],
              [t('resilienceBackups.fields.label'), p.label],
              [t('resilienceBackups.fields.scopes'), p.scopes.map(labels.scope).join(t('resilienceBackups.list.separator'))],
              [t('resilienceBackups.fields.tool'), p.tool],
            ]}
          />
          <Section
            title={t('resilienceBackups.form.sections.medium')}
            rows={[
              [t('resilienceBackups.fields.medium'), labels.medium(p.medium)],
              [t('resilienceBackups.systems.offline'), <OfflineBadge key="o" offline={p.offline} />],
              ...(p.medium === 'tape' || p.medium === 'optical' || p.medium === 'external_hdd' ? [[t('resilienceBackups.fields.disconnected'), yesNo(p.disconnected)] as [string, string]] : []),
              ...(p.medium === 'cloud' ? [[t('resilienceBackups.fields.cloudImmutable'), yesNo(p.cloudImmutable)] as [string, string]] : []),
              [t('resilienceBackups.fields.networkSeparated'), yesNo(p.networkSeparated)],
            ]}
          />
          <Section
            title={t('resilienceBackups.form.sections.schedule')}
            rows={[
              [t('resilienceBackups.fields.generations'), t('resilienceBackups.plan.generationsValue', { count: p.generations })],
              [t('resilienceBackups.fields.everyDays'), t('resilienceBackups.plan.everyDaysValue', { count: p.everyDays })],
              [t('resilienceBackups.fields.scheduleNote'), p.scheduleNote],
            ]}
          />
          <Section
            title={t('resilienceBackups.form.sections.place')}
            rows={[
              [t('resilienceBackups.fields.location'), labels.location(p.location)],
              [t('resilienceBackups.fields.storagePlace'), text(p.storagePlace)],
              [t('resilienceBackups.fields.encrypted'), yesNo(p.encrypted)],
              ...(p.encrypted ? [[t('resilienceBackups.fields.keyHolder'), p.keyHolder] as [string, string | null]] : []),
            ]}
          />
          <Section
            title={t('resilienceBackups.form.sections.who')}
            rows={[
              [t('resilienceBackups.fields.runBy'), labels.runner(p.runBy)],
              [t('resilienceBackups.fields.vendor'), p.vendor?.name ?? null],
              [t('resilienceBackups.fields.externalKey'), p.externalKey],
            ]}
          />
          <Section
            title={t('resilienceBackups.plan.other')}
            rows={[
              [t('resilienceBackups.fields.notes'), text(p.notes)],
              [t('resilienceBackups.plan.updatedAt'), when(p.updatedAt)],
            ]}
          />
        </SimpleGrid>

        <Section title={t('resilienceBackups.fields.restoreProcedure')}>
          {p.restoreProcedure ? (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {p.restoreProcedure}
            </Text>
          ) : (
            <Text size="sm">{canWrite ? t('resilienceBackups.plan.noProcedureWrite') : t('resilienceBackups.plan.noProcedure')}</Text>
          )}
        </Section>

        <RunsSection plan={p} canWrite={canWrite} onRecord={() => setRecording(true)} />
      </Stack>

      {editing ? <BackupPlanFormModal facilityId={facilityId} plan={p} onClose={() => setEditing(false)} /> : null}
      {recording ? <BackupRunModal planId={p.id} planName={name} onClose={() => setRecording(false)} /> : null}
      <ConfirmModal
        opened={retiring}
        title={t('resilienceBackups.plan.retireTitle')}
        message={t('resilienceBackups.plan.retireMessage', { name })}
        confirmLabel={t('resilienceBackups.plan.retire')}
        danger
        loading={retire.isPending}
        error={retire.error}
        onConfirm={() => retire.mutate()}
        onClose={() => {
          setRetiring(false);
          retire.reset();
        }}
      />
    </>
  );
}

/** The plan's runs, newest first, with where each came from; a wrong manual entry can be deleted. */
function RunsSection({ plan, canWrite, onRecord }: { plan: BackupPlanDto; canWrite: boolean; onRecord: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useBackupLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const changed = useBackupsChanged();
  const [page, setPage] = useState(1);
  const runs = useBackupRuns(plan.id, page);
  const del = useConfirmDelete(
    (run: BackupRunDto) => api.del<Ok>(backupPath.run(run.id)),
    (run) => {
      changed();
      notify(t('resilienceBackups.runs.deleted', { when: fmt.dateTime(run.startedAt) }));
    },
  );
  const duration = (s: number) => {
    const d = durationParts(s);
    return d.h > 0 ? t('resilienceBackups.runs.durationHm', { h: d.h, m: d.m }) : d.m > 0 ? t('resilienceBackups.runs.durationMs', { m: d.m, s: d.s }) : t('resilienceBackups.runs.durationS', { s: d.s });
  };
  const status = (r: BackupRunDto) => <StatusBadge tone={r.status === 'success' ? 'ok' : r.status === 'partial' ? 'warn' : 'danger'}>{labels.status(r.status)}</StatusBadge>;
  const source = (r: BackupRunDto) => t(`resilienceBackups.runs.source.${r.source}`);
  const canDelete = (r: BackupRunDto) => canWrite && r.source === 'manual';
  const deleteButton = (r: BackupRunDto) => (
    <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => del.ask(r)} aria-label={t('resilienceBackups.runs.deleteLabel', { when: fmt.dateTime(r.startedAt) })}>
      {t('resilienceBackups.runs.delete')}
    </Button>
  );
  const items = runs.data?.items ?? [];
  return (
    <Section title={t('resilienceBackups.runs.title')}>
      {runs.isPending ? <Loading /> : null}
      {runs.error ? <ErrorAlert error={runs.error} /> : null}
      {runs.data && runs.data.total === 0 ? (
        <EmptyState
          title={t('resilienceBackups.runs.emptyTitle')}
          description={t('resilienceBackups.runs.emptyDescription')}
          action={
            canWrite && !plan.retiredAt ? (
              <Button leftSection={<IconClipboardPlus size={16} aria-hidden />} onClick={onRecord}>
                {t('resilienceBackups.plan.record')}
              </Button>
            ) : null
          }
        />
      ) : null}
      {items.length > 0 ? (
        narrow ? (
          <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('resilienceBackups.runs.title')}>
            {items.map((r) => (
              <Card component="li" key={r.id} withBorder radius="sm" p="sm">
                <Stack gap={4}>
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={600}>
                      {fmt.dateTime(r.startedAt)}
                    </Text>
                    {status(r)}
                  </Group>
                  <Text size="xs" c="dimmed">
                    {[duration(r.durationSeconds), formatBytes(r.bytes), source(r)].filter(Boolean).join(' · ')}
                  </Text>
                  {r.message ? <Text size="xs">{r.message}</Text> : null}
                  {canDelete(r) ? <Group justify="flex-end">{deleteButton(r)}</Group> : null}
                </Stack>
              </Card>
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={860}>
            <Table verticalSpacing="xs" aria-label={t('resilienceBackups.runs.title')} data-testid="backup-runs">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('resilienceBackups.run.startedAt')}</Table.Th>
                  <Table.Th>{t('resilienceBackups.runs.duration')}</Table.Th>
                  <Table.Th>{t('resilienceBackups.run.status')}</Table.Th>
                  <Table.Th>{t('resilienceBackups.run.bytes')}</Table.Th>
                  <Table.Th>{t('resilienceBackups.runs.sourceLabel')}</Table.Th>
                  <Table.Th>{t('resilienceBackups.run.message')}</Table.Th>
                  {canWrite ? <Table.Th>{t('common.actions')}</Table.Th> : null}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((r) => (
                  <Table.Tr key={r.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(r.startedAt)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{duration(r.durationSeconds)}</Table.Td>
                    <Table.Td>{status(r)}</Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatBytes(r.bytes) ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm">{source(r)}</Text>
                      {r.recordedBy ? (
                        <Text size="xs" c="dimmed">
                          {r.recordedBy.name}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" lineClamp={3}>
                        {r.message ?? '—'}
                      </Text>
                    </Table.Td>
                    {canWrite ? <Table.Td>{canDelete(r) ? deleteButton(r) : null}</Table.Td> : null}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      ) : null}
      {runs.data && runs.data.total > 0 ? <Pager total={runs.data.total} page={page} pageSize={runs.data.pageSize || RUN_PAGE_SIZE} onChange={setPage} /> : null}
      <ConfirmModal
        {...del.modal}
        danger
        title={t('resilienceBackups.runs.deleteTitle')}
        message={del.target ? t('resilienceBackups.runs.deleteMessage', { when: fmt.dateTime(del.target.startedAt), status: labels.status(del.target.status) }) : ''}
        confirmLabel={t('resilienceBackups.runs.delete')}
      />
    </Section>
  );
}
