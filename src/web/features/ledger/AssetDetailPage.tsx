import { useState, type ReactNode } from 'react';
import { Anchor, Badge, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { BackLink, DetailPending, EditDeleteButtons } from '../../components/DetailPage.tsx';
import { DetailSection as Section } from '../../components/DetailSection.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { TAssetDetail } from '../../../shared/contracts/ledger.contract.ts';
import { usePermissions } from '../session/permissions.ts';
import { AssetFlagBadge } from './AssetFlagBadge.tsx';
import { AssetFormModal } from './AssetFormModal.tsx';
import { AssetConnectionsSection } from '../connections/AssetConnectionsSection.tsx';
import { AssetRelationsSection } from './AssetRelationsSection.tsx';
import { AssetVulnsSection } from './AssetVulnsSection.tsx';
import { CriticalityBadge } from './CriticalityBadge.tsx';
import { ledgerPath, useAsset, useLedgerChanged, useLedgerFacilityId, useLedgerLabels } from './ledger.ts';
import { LedgerUnavailable } from './LedgerUnavailable.tsx';

/** One asset: every field grouped, its flags explained, its relations; edit and delete for writers. */
export function AssetDetailPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const { assetId } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? '';
  const q = useAsset(facilityId, perm.readLedgerOrVendor ? (assetId ?? null) : null);
  const [editing, setEditing] = useState(false);
  const changed = useLedgerChanged();
  const del = useConfirmDelete(
    (a: TAssetDetail) => api.del<Ok>(ledgerPath.asset(facilityId ?? '', a.id)),
    (a) => {
      notify(t('ledger.assets.deleted', { name: a.name }));
      if (facilityId) changed(facilityId);
      void navigate(`${PATHS.assets}${listSearch}`);
    },
  );

  if (!facilityId || !perm.readLedgerOrVendor) return <LedgerUnavailable title={t('ledger.asset.detailTitle')} />;
  const a = q.data;
  const back = <BackLink to={`${PATHS.assets}${listSearch}`}>{t('ledger.asset.back')}</BackLink>;

  if (!a) return <DetailPending back={back} title={t('ledger.asset.detailTitle')} query={q} notFound={t('ledger.asset.notFound')} />;
  return <AssetDetail a={a} back={back} canWrite={perm.writeLedger} facilityId={facilityId} onEdit={() => setEditing(true)} onDelete={() => del.ask(a)}>
    {editing ? <AssetFormModal facilityId={facilityId} asset={a} onClose={() => setEditing(false)} /> : null}
    <ConfirmModal
      {...del.modal}
      title={t('ledger.asset.deleteTitle')}
      message={t('ledger.asset.deleteConfirm', { name: a.name })}
      confirmLabel={t('ledger.asset.delete')}
      danger
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
          canWrite ? <EditDeleteButtons editLabel={t('ledger.asset.edit')} deleteLabel={t('ledger.asset.delete')} onEdit={onEdit} onDelete={onDelete} /> : null
        }
      />
      <Stack gap="lg">
        <Section title={t('ledger.fields.flags')}>
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
        </Section>
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
        <AssetVulnsSection facilityId={facilityId} asset={a} />
      </Stack>
      {children}
    </>
  );
}
