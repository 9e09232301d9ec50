import { useState } from 'react';
import { Button, Grid, List, Select, Stack, Text } from '@mantine/core';
import { IconChecklist, IconPlus } from '@tabler/icons-react';
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ClearFiltersButton, FilterBar, SearchField } from '../../components/ListFilters.tsx';
import { ListResults } from '../../components/ListResults.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useUrlFilters } from '../../components/useUrlFilters.ts';
import { PATHS } from '../../paths.ts';
import { ACTION_SOURCE_TYPES } from '../../../shared/assessments/types.ts';
import type { ActionDto } from '../../../shared/contracts/actions.contract.ts';
import { useSession } from '../session/SessionContext.tsx';
import { usePermissions } from '../session/permissions.ts';
import { ActionFormModal } from './ActionFormModal.tsx';
import { ActionList } from './ActionList.tsx';
import {
  ACTIONS_KEY,
  ACTION_FILTER_KEYS,
  ACTION_PAGE_SIZE,
  ACTION_STATUS_FILTERS,
  actionApiQuery,
  actionFiltersFromParams,
  actionPath,
  actionSourceLabel,
  useActionList,
  useOwnerOptions,
} from './actions.ts';

/** Actions: every gap, lesson or finding turned into work, with owner and due date; overdue ones first. */
export function ActionsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { currentFacility } = useSession();
  const facilityId = currentFacility?.id ?? null;
  const canRead = facilityId !== null && (perm.isAdmin || perm.can('action.read', facilityId));
  const canWrite = facilityId !== null && (perm.isAdmin || perm.can('action.write', facilityId));
  const url = useUrlFilters(actionFiltersFromParams, '');
  const { filters, update } = url;
  const list = useActionList(facilityId, actionApiQuery(filters), canRead);
  const owners = useOwnerOptions(canRead ? facilityId : null, (list.data?.items ?? []).flatMap((a) => (a.owner ? [a.owner] : [])));
  const [creating, setCreating] = useState(false);
  // /actions/:actionId (a notification's link) opens that action.
  const { actionId } = useParams();
  const navigate = useNavigate();
  const opened = useQuery({
    queryKey: [...ACTIONS_KEY, 'one', actionId],
    queryFn: ({ signal }) => api.get<ActionDto>(actionPath.action(actionId ?? ''), undefined, signal),
    enabled: Boolean(actionId) && canWrite,
  });

  if (!facilityId || !canRead) {
    return (
      <>
        <PageHeader title={t('actions.list.title')} />
        <EmptyState title={t('errors.FORBIDDEN')} description={t('actions.list.unavailable')} />
      </>
    );
  }
  const filtered = ACTION_FILTER_KEYS.some((k) => filters[k]) || filters.status !== 'active';
  const all = { value: '', label: t('actions.list.filters.all') };

  return (
    <>
      <PageHeader
        title={t('actions.list.title')}
        description={t('actions.list.description')}
        actions={
          canWrite ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('actions.list.create')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <FilterBar label={t('actions.list.filters.label')}>
          <Grid.Col span={{ base: 12, md: 8, lg: 4 }}>
            <SearchField label={t('actions.list.filters.q')} placeholder={t('actions.list.filters.qPlaceholder')} value={url.search} onChange={url.onSearch} />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
            <Select
              label={t('actions.fields.status')}
              data={ACTION_STATUS_FILTERS.map((s) => ({ value: s, label: t(`actions.statusFilter.${s}`) }))}
              value={filters.status}
              onChange={(v) => update({ status: !v || v === 'active' ? '' : v })}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
            <Select
              label={t('actions.fields.sourceType')}
              data={[all, ...ACTION_SOURCE_TYPES.map((s) => ({ value: s, label: actionSourceLabel(t, s) }))]}
              value={filters.sourceType}
              onChange={(v) => update({ sourceType: v ?? '' })}
              allowDeselect={false}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
            <Select
              label={t('actions.fields.owner')}
              data={[all, ...owners]}
              value={filters.ownerUserId}
              onChange={(v) => update({ ownerUserId: v ?? '' })}
              allowDeselect={false}
              searchable={owners.length > 10}
              nothingFoundMessage={t('common.nothingFound')}
            />
          </Grid.Col>
          <Grid.Col span={{ base: 6, md: 4, lg: 2 }}>
            <ClearFiltersButton disabled={!filtered} onClick={url.clear}>
              {t('actions.list.filters.clear')}
            </ClearFiltersButton>
          </Grid.Col>
        </FilterBar>
        <ListResults
          query={list}
          filtered={filtered}
          noMatch={{ title: t('actions.list.empty.filteredTitle'), description: t('actions.list.empty.filteredDescription') }}
          empty={<ActionsEmptyState canWrite={canWrite} onCreate={() => setCreating(true)} />}
          page={filters.page}
          pageSize={ACTION_PAGE_SIZE}
          onPage={url.setPage}
        >
          {(items) => <ActionList facilityId={facilityId} actions={items} canEdit={canWrite} />}
        </ListResults>
      </Stack>
      {creating ? <ActionFormModal facilityId={facilityId} onClose={() => setCreating(false)} /> : null}
      {opened.data && opened.data.facilityId === facilityId ? (
        <ActionFormModal key={opened.data.id} facilityId={facilityId} action={opened.data} onClose={() => void navigate(`${PATHS.actions}${url.params.toString() ? `?${url.params.toString()}` : ''}`)} />
      ) : null}
    </>
  );
}

/** Nothing open: where actions come from. */
function ActionsEmptyState({ canWrite, onCreate }: { canWrite: boolean; onCreate: () => void }) {
  const { t } = useTranslation();
  return (
    <EmptyState
      icon={<IconChecklist size={28} />}
      title={t('actions.list.empty.title')}
      description={
        <Stack gap="sm" ta="left">
          <Text size="sm">{t('actions.list.empty.what')}</Text>
          <List size="sm" spacing={4}>
            <List.Item>{t('actions.list.empty.fromAssessment')}</List.Item>
            <List.Item>{t('actions.list.empty.manual')}</List.Item>
          </List>
        </Stack>
      }
      action={
        canWrite ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={onCreate} mt="sm">
            {t('actions.list.create')}
          </Button>
        ) : null
      }
    />
  );
}
