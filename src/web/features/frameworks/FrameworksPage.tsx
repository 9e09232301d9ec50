import { useState } from 'react';
import { Anchor, Badge, Button, Card, Group, ScrollArea, Stack, Table, Text, Tooltip } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconBook2, IconDownload, IconTrash, IconUpload } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, apiUrl } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { FrameworkSummaryDto } from '../../../shared/contracts/assessments.contract.ts';
import { useSession } from '../session/SessionContext.tsx';
import { usePermissions } from '../session/permissions.ts';
import { FrameworkUploadModal } from './FrameworkUploadModal.tsx';
import { frameworkPath, localized, useFrameworkList, useFrameworksChanged } from './frameworks.ts';

/** The checklists mamori knows: the MHLW sheets by fiscal year, the seeds' frameworks, HICP/CPG, and the hospital's own. */
export function FrameworksPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const list = useFrameworkList(facilityId);
  const narrow = useMediaQuery('(max-width: 48em)');
  const [uploading, setUploading] = useState(false);
  const changed = useFrameworksChanged();
  const canManage = facilityId !== null && (perm.isAdmin || perm.can('assessment.manage', facilityId));
  const canDelete = (f: FrameworkSummaryDto) =>
    f.recordId !== null && (f.owner.type === 'facility' ? canManage : f.owner.type === 'group' ? perm.isAdmin || perm.isGroupAdmin : false);
  const del = useConfirmDelete(
    (f: FrameworkSummaryDto) => api.del<Ok>(frameworkPath.custom(f.recordId ?? '')),
    (f) => {
      notify(t('frameworks.list.deleted', { title: f.title.ja, version: f.version }));
      changed();
    },
  );
  const items = list.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('frameworks.list.title')}
        description={t('frameworks.list.description')}
        actions={
          canManage ? (
            <>
              <Button component="a" variant="default" href={apiUrl(frameworkPath.template)} download leftSection={<IconDownload size={16} aria-hidden />}>
                {t('frameworks.list.template')}
              </Button>
              <Button leftSection={<IconUpload size={16} aria-hidden />} onClick={() => setUploading(true)}>
                {t('frameworks.list.upload')}
              </Button>
            </>
          ) : null
        }
      />
      {list.isPending ? <Loading /> : null}
      {list.error ? <ErrorAlert error={list.error} /> : null}
      {list.data && items.length === 0 ? <EmptyState icon={<IconBook2 size={28} />} title={t('frameworks.list.emptyTitle')} description={t('frameworks.list.emptyDescription')} /> : null}
      {items.length > 0 ? narrow ? <FrameworkCards items={items} canDelete={canDelete} onDelete={del.ask} /> : <FrameworksTable items={items} canDelete={canDelete} onDelete={del.ask} /> : null}
      {uploading && facilityId ? <FrameworkUploadModal facilityId={facilityId} onClose={() => setUploading(false)} /> : null}
      <ConfirmModal
        {...del.modal}
        title={t('frameworks.list.deleteTitle')}
        message={del.target ? t('frameworks.list.deleteConfirm', { title: del.target.title.ja, version: del.target.version }) : ''}
        confirmLabel={t('frameworks.list.delete')}
        danger
      />
    </>
  );
}

interface ListProps {
  items: FrameworkSummaryDto[];
  canDelete: (f: FrameworkSummaryDto) => boolean;
  onDelete: (f: FrameworkSummaryDto) => void;
}

export function useFrameworkLabels() {
  const { t } = useTranslation();
  const fmt = useFormat();
  return {
    /** The fiscal year's version, e.g. "Reiwa 7 (r7)". */
    version: (f: Pick<FrameworkSummaryDto, 'version' | 'fiscalYear'>) =>
      f.fiscalYear !== null ? t('frameworks.list.versionWithYear', { year: fmt.fiscalYear(f.fiscalYear), version: f.version }) : f.version,
    sheet: (f: Pick<FrameworkSummaryDto, 'sheet'>) => t(`frameworks.sheet.${f.sheet}`),
    owner: (f: Pick<FrameworkSummaryDto, 'owner'>) => t(`frameworks.owner.${f.owner.type}`),
  };
}

function OwnerBadge({ f }: { f: FrameworkSummaryDto }) {
  const labels = useFrameworkLabels();
  return (
    <Badge variant={f.owner.type === 'builtin' ? 'outline' : 'light'} color={f.owner.type === 'builtin' ? 'gray' : 'teal'} radius="sm" style={{ textTransform: 'none' }}>
      {labels.owner(f)}
    </Badge>
  );
}

function UnverifiedCount({ n }: { n: number }) {
  const { t } = useTranslation();
  if (n === 0) return <Text size="sm">0</Text>;
  return (
    <Tooltip label={t('frameworks.unverifiedHelp')} withArrow multiline w={280}>
      <Group gap={4} wrap="nowrap" tabIndex={0} aria-label={t('frameworks.list.unverifiedCount', { count: n })}>
        <IconAlertTriangle size={14} color="var(--mantine-color-orange-8)" aria-hidden />
        <Text size="sm" c="orange.9">
          {n}
        </Text>
      </Group>
    </Tooltip>
  );
}

function DeleteButton({ f, onDelete }: { f: FrameworkSummaryDto; onDelete: (f: FrameworkSummaryDto) => void }) {
  const { t } = useTranslation();
  return (
    <Button size="xs" variant="subtle" color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => onDelete(f)} aria-label={t('frameworks.list.deleteNamed', { title: f.title.ja, version: f.version })}>
      {t('frameworks.list.delete')}
    </Button>
  );
}

function FrameworksTable({ items, canDelete, onDelete }: ListProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useFrameworkLabels();
  const anyDeletable = items.some(canDelete);
  return (
    <ScrollArea type="auto">
      <Table striped highlightOnHover stickyHeader aria-label={t('frameworks.list.tableLabel')} verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('frameworks.fields.title')}</Table.Th>
            <Table.Th>{t('frameworks.fields.publisher')}</Table.Th>
            <Table.Th>{t('frameworks.fields.version')}</Table.Th>
            <Table.Th>{t('frameworks.fields.sheet')}</Table.Th>
            <Table.Th ta="right">{t('frameworks.fields.items')}</Table.Th>
            <Table.Th ta="right">{t('frameworks.fields.unverified')}</Table.Th>
            <Table.Th ta="right">{t('frameworks.fields.rules')}</Table.Th>
            <Table.Th>{t('frameworks.fields.owner')}</Table.Th>
            {anyDeletable ? <Table.Th>{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((f) => (
            <Table.Tr key={`${f.id}@${f.version}@${f.recordId ?? ''}`}>
              <Table.Td>
                <Anchor component={Link} to={PATHS.framework(f.id, f.version)} fw={600} size="sm">
                  {localized(f.title, fmt.locale)}
                </Anchor>
                <Text size="xs" c="dimmed" className="mono">
                  {f.id}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{localized(f.publisher, fmt.locale)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{labels.version(f)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{labels.sheet(f)}</Text>
              </Table.Td>
              <Table.Td ta="right">{fmt.number(f.items)}</Table.Td>
              <Table.Td ta="right">
                <Group justify="flex-end">
                  <UnverifiedCount n={f.unverifiedItems} />
                </Group>
              </Table.Td>
              <Table.Td ta="right">{fmt.number(f.ruleItems)}</Table.Td>
              <Table.Td>
                <OwnerBadge f={f} />
              </Table.Td>
              {anyDeletable ? <Table.Td>{canDelete(f) ? <DeleteButton f={f} onDelete={onDelete} /> : null}</Table.Td> : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

function FrameworkCards({ items, canDelete, onDelete }: ListProps) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useFrameworkLabels();
  return (
    <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('frameworks.list.tableLabel')}>
      {items.map((f) => (
        <Card component="li" key={`${f.id}@${f.version}@${f.recordId ?? ''}`} withBorder radius="md" p="sm">
          <Anchor component={Link} to={PATHS.framework(f.id, f.version)} fw={600}>
            {localized(f.title, fmt.locale)}
          </Anchor>
          <Text size="sm" c="dimmed">
            {localized(f.publisher, fmt.locale)} · {labels.version(f)} · {labels.sheet(f)}
          </Text>
          <Group gap="xs" mt={6} wrap="wrap">
            <Text size="sm">{t('frameworks.list.itemsCount', { count: f.items })}</Text>
            <Text size="sm">{t('frameworks.list.rulesCount', { count: f.ruleItems })}</Text>
            {f.unverifiedItems > 0 ? (
              <Text size="sm" c="orange.9">
                {t('frameworks.list.unverifiedCount', { count: f.unverifiedItems })}
              </Text>
            ) : null}
            <OwnerBadge f={f} />
            {canDelete(f) ? <DeleteButton f={f} onDelete={onDelete} /> : null}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
