import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconArrowLeft, IconPencil, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { TAssetDetail } from '../../../shared/contracts/ledger.contract.ts';
import { usePermissions } from '../session/permissions.ts';
import { AssetFlagBadge } from './AssetFlagBadge.tsx';
import { AssetFormModal } from './AssetFormModal.tsx';
import { AssetConnectionsSection } from '../connections/AssetConnectionsSection.tsx';
import { AssetRelationsSection } from './AssetRelationsSection.tsx';
import { CriticalityBadge } from './CriticalityBadge.tsx';
import { ledgerPath, useAsset, useLedgerChanged, useLedgerFacilityId, useLedgerLabels } from './ledger.ts';
import { LedgerUnavailable } from './LedgerUnavailable.tsx';

type Row = [label: string, value: ReactNode];

function Section({ title, rows, children }: { title: string; rows?: Row[]; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {rows ? (
        <Table variant="vertical" layout="fixed" withTableBorder={false} verticalSpacing={6}>
          <Table.Tbody>
            {rows.map(([label, value]) => (
              <Table.Tr key={label}>
                <Table.Th w="38%" style={{ verticalAlign: 'top' }}>
                  {label}
                </Table.Th>
                <Table.Td style={{ overflowWrap: 'anywhere' }}>
                  {value === null || value === undefined || value === '' ? (
                    <Text size="sm" c="dimmed">
                      {t('common.notSet')}
                    </Text>
                  ) : (
                    value
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
      {children}
    </Card>
  );
}

/** One asset: every field grouped, its flags explained, its relations; edit and delete for writers. */
export function AssetDetailPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const { assetId } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? '';
  const q = useAsset(facilityId, perm.readLedger ? (assetId ?? null) : null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const changed = useLedgerChanged();
  const del = useMutation({
    mutationFn: (a: TAssetDetail) => api.del<Ok>(ledgerPath.asset(facilityId ?? '', a.id)),
    onSuccess: (_, a) => {
      notify(t('ledger.assets.deleted', { name: a.name }));
      setDeleting(false);
      if (facilityId) changed(facilityId);
      void navigate(`${PATHS.assets}${listSearch}`);
    },
  });

  if (!facilityId || !perm.readLedger) return <LedgerUnavailable title={t('ledger.asset.detailTitle')} />;
  const a = q.data;
  const back = (
    <Anchor component={Link} to={`${PATHS.assets}${listSearch}`} size="sm" mb="xs" display="inline-flex" style={{ alignItems: 'center', gap: 4 }}>
      <IconArrowLeft size={14} aria-hidden />
      {t('ledger.asset.back')}
    </Anchor>
  );

  if (!a) {
    return (
      <>
        {back}
        <PageHeader title={t('ledger.asset.detailTitle')} />
        {q.isPending ? <Loading /> : null}
        {q.error && isApiError(q.error) && q.error.status === 404 ? (
          <Alert color="orange" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('errors.NOT_FOUND')}>
            {t('ledger.asset.notFound')}
          </Alert>
        ) : q.error ? (
          <ErrorAlert error={q.error} />
        ) : null}
      </>
    );
  }
  return <AssetDetail a={a} back={back} canWrite={perm.writeLedger} facilityId={facilityId} onEdit={() => setEditing(true)} onDelete={() => setDeleting(true)}>
    {editing ? <AssetFormModal facilityId={facilityId} asset={a} onClose={() => setEditing(false)} /> : null}
    <ConfirmModal
      opened={deleting}
      title={t('ledger.asset.deleteTitle')}
      message={t('ledger.asset.deleteConfirm', { name: a.name })}
      confirmLabel={t('ledger.asset.delete')}
      danger
      loading={del.isPending}
      error={del.error}
      onConfirm={() => del.mutate(a)}
      onClose={() => {
        setDeleting(false);
        del.reset();
      }}
    >
      <Text size="sm" c="dimmed">
        {t('ledger.asset.deleteNote')}
      </Text>
    </ConfirmModal>
  </AssetDetail>;
}

function AssetDetail({ a, back, canWrite, facilityId, onEdit, onDelete, children }: { a: TAssetDetail; back: ReactNode; canWrite: boolean; facilityId: string; onEdit: () => void; onDelete: () => void; children: ReactNode }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const fmt = useFormat();
  const date = (d: string | null) => (d ? fmt.date(d) : null);
  const outside = new Set(a.ipsOutsideSegment);
  const mono = (s: string | null) => (s ? <Text size="sm" className="mono">{s}</Text> : null);
  const list = (items: string[], mark?: (s: string) => ReactNode) =>
    items.length === 0 ? null : (
      <Stack gap={2}>
        {items.map((s) => (
          <Group key={s} gap={6} wrap="wrap">
            <Text size="sm" className="mono">
              {s}
            </Text>
            {mark?.(s)}
          </Group>
        ))}
      </Stack>
    );

  return (
    <>
      {back}
      <PageHeader
        title={a.name}
        description={[labels.type(a.type), a.segmentName].filter(Boolean).join(' · ')}
        actions={
          canWrite ? (
            <>
              <Button variant="default" leftSection={<IconPencil size={16} aria-hidden />} onClick={onEdit}>
                {t('ledger.asset.edit')}
              </Button>
              <Button variant="outline" color="red" leftSection={<IconTrash size={16} aria-hidden />} onClick={onDelete}>
                {t('ledger.asset.delete')}
              </Button>
            </>
          ) : null
        }
      />
      <Stack gap="lg">
        <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-label={t('ledger.fields.flags')}>
          <Title order={2} size="h4" mb="xs">
            {t('ledger.fields.flags')}
          </Title>
          {a.flags.length === 0 ? (
            <StatusBadge tone="ok">{t('ledger.asset.noFlags')}</StatusBadge>
          ) : (
            <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {a.flags.map((f) => (
                <Group component="li" key={f} gap="sm" wrap="nowrap" align="flex-start">
                  <AssetFlagBadge flag={f} />
                  <Text size="sm">{t(`ledger.flagHelp.${f}`, { ips: a.ipsOutsideSegment.join(', ') })}</Text>
                </Group>
              ))}
            </Stack>
          )}
          {!canWrite ? (
            <Text size="xs" c="dimmed" mt="sm">
              {t('ledger.asset.readOnly')}
            </Text>
          ) : null}
        </Card>
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section
            title={t('ledger.sections.basic')}
            rows={[
              [t('ledger.fields.name'), a.name],
              [t('ledger.fields.assetTag'), mono(a.assetTag)],
              [t('ledger.fields.type'), labels.type(a.type)],
              [t('ledger.fields.tags'), a.tags.length ? <Group gap={4}>{a.tags.map((tag) => <Badge key={tag} variant="outline" color="gray" radius="sm" style={{ textTransform: 'none' }}>{tag}</Badge>)}</Group> : null],
              [t('ledger.fields.notes'), a.notes ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</Text> : null],
            ]}
          />
          <Section
            title={t('ledger.sections.product')}
            rows={[
              [t('ledger.fields.vendor'), a.vendor],
              [t('ledger.fields.product'), a.product],
              [t('ledger.fields.version'), a.version],
              [t('ledger.fields.os'), a.os],
              [t('ledger.fields.cpe'), a.cpe ? <Stack gap={2}>{mono(a.cpe)}<Text size="xs" c="dimmed">{t('ledger.help.cpeShort')}</Text></Stack> : null],
            ]}
          />
          <Section
            title={t('ledger.sections.network')}
            rows={[
              [t('ledger.fields.segment'), a.segmentName],
              [t('ledger.fields.ips'), list(a.ips, (ip) => (outside.has(ip) ? <AssetFlagBadge flag="ip_outside_segment" /> : null))],
              [t('ledger.fields.macs'), list(a.macs)],
              [t('ledger.fields.hostname'), mono(a.hostname)],
              [t('ledger.fields.exposure'), labels.exposure(a.exposure)],
            ]}
          />
          <Section
            title={t('ledger.sections.location')}
            rows={[
              [t('ledger.fields.location'), a.location],
              [t('ledger.fields.department'), a.department],
              [t('ledger.fields.maintainer'), a.maintainer],
              [t('vendors.asset.vendor'), a.vendorId && a.vendorName ? <Anchor component={Link} to={PATHS.vendor(a.vendorId)} size="sm">{a.vendorName}</Anchor> : null],
            ]}
          />
          <Section
            title={t('ledger.sections.criticality')}
            rows={[
              [t('ledger.fields.criticality'), <CriticalityBadge key="c" value={a.criticality} long />],
              [t('ledger.fields.holdsPatientData'), a.holdsPatientData ? t('ledger.asset.yes') : t('ledger.asset.no')],
            ]}
          />
          <Section
            title={t('ledger.sections.support')}
            rows={[
              [t('ledger.fields.installDate'), date(a.installDate)],
              [t('ledger.fields.endOfSupport'), date(a.endOfSupport)],
              [t('ledger.fields.lastPatched'), date(a.lastPatched)],
              [t('ledger.fields.updatedAt'), t('common.withRelative', { absolute: fmt.dateTime(a.updatedAt), relative: fmt.relative(a.updatedAt) })],
            ]}
          />
        </SimpleGrid>
        <Section title={t('ledger.sections.relations')}>
          <AssetRelationsSection facilityId={facilityId} asset={a} canWrite={canWrite} />
        </Section>
        <AssetConnectionsSection facilityId={facilityId} assetId={a.id} />
      </Stack>
      {children}
    </>
  );
}
