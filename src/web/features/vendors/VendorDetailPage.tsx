import { useState } from 'react';
import { Alert, Anchor, Group, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { BackLink, DetailPending, EditDeleteButtons } from '../../components/DetailPage.tsx';
import { DetailRows } from '../../components/DetailSection.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { LedgerUnavailable } from '../ledger/LedgerUnavailable.tsx';
import { usePermissions } from '../session/permissions.ts';
import { ContactsSection } from './ContactsSection.tsx';
import { ContractsSection } from './ContractsSection.tsx';
import { DocumentsSection } from './DocumentsSection.tsx';
import { VendorFlagBadge } from './VendorFlagBadges.tsx';
import { VendorFormModal } from './VendorFormModal.tsx';
import { VendorChecklistSection } from './VendorChecklistSection.tsx';
import { VendorAssetsSection, VendorConnectionsSection, VendorUsersSection } from './VendorRelatedSections.tsx';
import { VendorSection } from './VendorSection.tsx';
import { telHref, useVendor, useVendorsChanged, vendorPath } from './vendors.ts';

/** One vendor: its flags, details, contacts, contracts, MDS/SDS, the assets and lines it maintains, its checklist and users. */
export function VendorDetailPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const { vendorId } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? '';
  const q = useVendor(facilityId, perm.readLedgerOrVendor ? (vendorId ?? null) : null);
  const [editing, setEditing] = useState(false);
  const changed = useVendorsChanged();
  const del = useConfirmDelete(
    (v: TVendorDetail) => api.del<Ok>(vendorPath.vendor(facilityId ?? '', v.id)),
    (v) => {
      notify(t('vendors.deleted', { name: v.name }));
      if (facilityId) changed(facilityId);
      void navigate(`${PATHS.vendors}${listSearch}`);
    },
  );

  if (!facilityId || !perm.readLedgerOrVendor) return <LedgerUnavailable title={t('vendors.detail.title')} />;
  const back = <BackLink to={`${PATHS.vendors}${listSearch}`}>{t('vendors.detail.back')}</BackLink>;
  const v = q.data;
  if (!v) return <DetailPending back={back} title={t('vendors.detail.title')} query={q} notFound={t('vendors.detail.notFound')} />;

  const canWrite = perm.writeLedger;
  const inUse = isApiError(del.mutation.error) && del.mutation.error.code === 'IN_USE';
  return (
    <>
      {back}
      <PageHeader
        title={v.name}
        description={v.nameKana ?? undefined}
        actions={
          canWrite ? <EditDeleteButtons editLabel={t('vendors.detail.edit')} deleteLabel={t('vendors.detail.delete')} onEdit={() => setEditing(true)} onDelete={() => del.ask(v)} /> : null
        }
      />
      <Stack gap="lg">
        <FlagsCard vendor={v} canWrite={canWrite} />
        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <BasicSection vendor={v} />
          <ContactsSection facilityId={facilityId} vendor={v} canWrite={canWrite} />
        </SimpleGrid>
        <ContractsSection facilityId={facilityId} vendor={v} canWrite={canWrite} />
        <DocumentsSection facilityId={facilityId} vendor={v} canWrite={canWrite} />
        <VendorConnectionsSection facilityId={facilityId} vendorId={v.id} />
        <VendorAssetsSection facilityId={facilityId} vendorId={v.id} />
        <SimpleGrid cols={{ base: 1, lg: perm.readUsers ? 2 : 1 }} spacing="lg">
          <VendorChecklistSection facilityId={facilityId} vendor={v} canSend={perm.isAdmin || perm.can('assessment.manage', facilityId)} />
          {perm.readUsers ? <VendorUsersSection facilityId={facilityId} vendor={v} canManage={perm.manageUsersHere} /> : null}
        </SimpleGrid>
      </Stack>
      {editing ? <VendorFormModal facilityId={facilityId} vendor={v} onClose={() => setEditing(false)} /> : null}
      <ConfirmModal
        {...del.modal}
        title={t('vendors.detail.deleteTitle')}
        message={t('vendors.detail.deleteConfirm', { name: v.name })}
        confirmLabel={t('vendors.detail.delete')}
        danger
        error={inUse ? undefined : del.mutation.error}
      >
        {inUse ? (
          <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('errors.IN_USE')}>
            {t('vendors.detail.inUse')}
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            {t('vendors.detail.deleteNote')}
          </Text>
        )}
      </ConfirmModal>
    </>
  );
}

/** What needs attention, each flag with its explanation and the next step. */
function FlagsCard({ vendor, canWrite }: { vendor: TVendorDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  return (
    <VendorSection id="vendor-flags" title={t('vendors.sections.flags')}>
      {vendor.flags.length === 0 ? (
        <StatusBadge tone="ok">{t('vendors.detail.noFlags')}</StatusBadge>
      ) : (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {vendor.flags.map((f) => (
            <Group component="li" key={f} gap={6} wrap="wrap" align="flex-start">
              <VendorFlagBadge flag={f} withHelp={false} />
              <Text size="sm" style={{ flex: '1 1 16rem' }}>
                {t(`vendors.flagHelp.${f}`)}
              </Text>
            </Group>
          ))}
        </Stack>
      )}
      {!canWrite ? (
        <Text size="xs" c="dimmed" mt="sm">
          {t('vendors.detail.readOnly')}
        </Text>
      ) : null}
    </VendorSection>
  );
}

function BasicSection({ vendor: v }: { vendor: TVendorDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <VendorSection id="vendor-basic" title={t('vendors.sections.basic')}>
      <DetailRows
        labelWidth="36%"
        rows={[
          [t('vendors.fields.name'), v.name],
          [t('vendors.fields.nameKana'), v.nameKana],
          [t('vendors.fields.corporateNumber'), v.corporateNumber ? <Text size="sm" className="mono">{v.corporateNumber}</Text> : null],
          [t('vendors.fields.phone'), v.phone ? <Anchor href={telHref(v.phone)} size="sm" className="mono">{v.phone}</Anchor> : null],
          [t('vendors.fields.email'), v.email ? <Anchor href={`mailto:${v.email}`} size="sm">{v.email}</Anchor> : null],
          [t('vendors.fields.website'), v.website && /^https?:\/\//i.test(v.website) ? <Anchor href={v.website} target="_blank" rel="noopener noreferrer" size="sm">{v.website}</Anchor> : v.website],
          [t('vendors.fields.address'), v.address],
          [t('vendors.fields.notes'), v.notes ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{v.notes}</Text> : null],
          [t('vendors.fields.updatedAt'), t('common.withRelative', { absolute: fmt.dateTime(v.updatedAt), relative: fmt.relative(v.updatedAt) })],
        ]}
      />
    </VendorSection>
  );
}
