import { useState } from 'react';
import { Anchor, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconLinkOff, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { Trans, useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { PATHS } from '../../paths.ts';
import type { AssetRelationKind } from '../../../shared/ledger.ts';
import type { TAssetDetail, TAssetRelation } from '../../../shared/contracts/ledger.contract.ts';
import { ledgerFieldErrors, ledgerPath, useAssetList, useLedgerChanged, useLedgerLabels } from './ledger.ts';

/** runs_on / depends_on in both directions, with add and remove for those who may write. */
export function AssetRelationsSection({ facilityId, asset, canWrite }: { facilityId: string; asset: TAssetDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const changed = useLedgerChanged();
  const [kind, setKind] = useState<AssetRelationKind>(asset.type === 'application' ? 'runs_on' : 'depends_on');
  const [target, setTarget] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search, 300);
  const candidates = useAssetList(facilityId, { q: q.trim() || undefined, pageSize: 20, sort: 'name' }, canWrite);
  const related = new Set(asset.relations.filter((r) => r.direction === 'outgoing' && r.kind === kind).map((r) => r.assetId));
  const options = (candidates.data?.items ?? []).filter((a) => a.id !== asset.id && !related.has(a.id)).map((a) => ({ value: a.id, label: a.name, type: a.type }));

  const refresh = () => {
    void api.get<TAssetDetail>(ledgerPath.asset(facilityId, asset.id)).then((a) => changed(facilityId, a), () => changed(facilityId));
  };
  const add = useMutation({
    mutationFn: () => api.post<TAssetRelation>(ledgerPath.relations(facilityId, asset.id), { kind, toAssetId: target }),
    onSuccess: () => {
      notify(t('ledger.relations.added'));
      setTarget(null);
      setSearch('');
      refresh();
    },
  });
  const remove = useConfirmDelete(
    (r: TAssetRelation) => api.del<Ok>(ledgerPath.relation(facilityId, asset.id, r.id)),
    () => {
      notify(t('ledger.relations.removed'));
      refresh();
    },
  );
  const removing = remove.target;
  const addError = ledgerFieldErrors(add.error, t, { toAssetId: null }).toAssetId;

  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t('ledger.relations.description')}
      </Text>
      {asset.relations.length === 0 ? (
        <Text size="sm">{t('ledger.relations.none')}</Text>
      ) : (
        <Table verticalSpacing="xs" aria-label={t('ledger.sections.relations')}>
          <Table.Tbody>
            {asset.relations.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td>
                  <Text size="sm">
                    <Trans
                      i18nKey={`ledger.relations.${r.direction}.${r.kind}`}
                      values={{ name: r.assetName }}
                      components={{ asset: <Anchor component={Link} to={PATHS.asset(r.assetId)} fw={600} /> }}
                    />
                  </Text>
                  <Text size="xs" c="dimmed">
                    {labels.type(r.assetType)}
                  </Text>
                </Table.Td>
                {canWrite ? (
                  <Table.Td w={1} style={{ whiteSpace: 'nowrap' }}>
                    <Button size="xs" variant="subtle" color="red" leftSection={<IconLinkOff size={14} aria-hidden />} onClick={() => remove.ask(r)} aria-label={t('ledger.relations.removeLabel', { name: r.assetName })}>
                      {t('ledger.relations.remove')}
                    </Button>
                  </Table.Td>
                ) : null}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {canWrite ? (
        <Stack gap="xs">
          <Group align="flex-end" gap="xs" wrap="wrap">
            <Select
              label={t('ledger.relations.kindLabel')}
              data={(['runs_on', 'depends_on'] as const).map((k) => ({ value: k, label: t(`ledger.relations.kindOptions.${k}`) }))}
              value={kind}
              onChange={(v) => v && setKind(v as AssetRelationKind)}
              allowDeselect={false}
              style={{ flex: '1 1 16rem' }}
            />
            <Select
              label={t('ledger.relations.target')}
              placeholder={t('ledger.relations.targetPlaceholder')}
              data={options}
              value={target}
              onChange={setTarget}
              searchable
              searchValue={search}
              onSearchChange={setSearch}
              filter={({ options: o }) => o}
              nothingFoundMessage={t('common.nothingFound')}
              renderOption={({ option }) => (
                <Stack gap={0}>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed">
                    {labels.type((option as (typeof options)[number]).type)}
                  </Text>
                </Stack>
              )}
              error={addError}
              style={{ flex: '1 1 16rem' }}
            />
            <Button variant="default" leftSection={<IconPlus size={14} aria-hidden />} disabled={!target} loading={add.isPending} onClick={() => add.mutate()}>
              {t('ledger.relations.add')}
            </Button>
          </Group>
          {add.error && !addError ? <ErrorAlert error={add.error} /> : null}
        </Stack>
      ) : null}
      <ConfirmModal
        {...remove.modal}
        title={t('ledger.relations.removeTitle')}
        message={removing ? t('ledger.relations.removeConfirm', { name: removing.assetName }) : ''}
        confirmLabel={t('ledger.relations.remove')}
        danger
      />
    </Stack>
  );
}
