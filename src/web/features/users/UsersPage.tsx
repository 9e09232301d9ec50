import { useState } from 'react';
import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { Pager } from '../../components/Pager.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PATHS } from '../../paths.ts';
import { usePermissions } from '../session/permissions.ts';
import { useSession } from '../session/SessionContext.tsx';
import { UserCreateModal } from './UserCreateModal.tsx';
import { UserDrawer } from './UserDrawer.tsx';
import { UsersTable } from './UsersTable.tsx';
import { useUserList } from './users.ts';
import { PAGE_SIZE } from '../../../shared/contracts/common.contract.ts';

/** Users with search, facility filter and paging (all kept in the URL); /settings/users/:id opens a user. */
export function UsersPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const { facilityName } = useSession();
  const navigate = useNavigate();
  const { userId } = useParams();
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const facilityId = params.get('facilityId') ?? '';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const [search, setSearch] = useState(q);
  const [creating, setCreating] = useState(false);
  const list = useUserList({ q, facilityId, page }, perm.readUsers);

  const update = (patch: Record<string, string>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    setParams(next, { replace: true });
  };
  const applySearch = useDebouncedCallback((value: string) => update({ q: value.trim(), page: '' }), 350);

  const facilityChoices = perm.facilityIdsWith('user.read').map((id) => ({ value: id, label: facilityName(id) }));
  const canCreate = perm.facilityIdsWith('user.manage').length > 0;
  const items = list.data?.items ?? [];
  const filtered = Boolean(q || facilityId);

  return (
    <>
      <PageHeader
        title={t('users.title')}
        description={t('users.description')}
        actions={
          canCreate ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
              {t('users.add')}
            </Button>
          ) : null
        }
      />
      <Stack gap="md">
        <Group gap="sm" align="flex-end" wrap="wrap" role="search" aria-label={t('users.filters.label')}>
          <TextInput
            label={t('users.filters.q')}
            placeholder={t('users.filters.qPlaceholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              applySearch(e.currentTarget.value);
            }}
            type="search"
            style={{ flex: '1 1 16rem' }}
          />
          <Select
            label={t('users.filters.facility')}
            data={[{ value: '', label: t('users.filters.allFacilities') }, ...facilityChoices]}
            value={facilityId}
            onChange={(v) => update({ facilityId: v ?? '', page: '' })}
            allowDeselect={false}
            style={{ flex: '1 1 14rem', maxWidth: '22rem' }}
          />
        </Group>
        {list.isPending ? <Loading /> : null}
        {list.error ? <ErrorAlert error={list.error} /> : null}
        {list.data && items.length === 0 ? (
          <EmptyState
            title={filtered ? t('users.empty.filteredTitle') : t('users.empty.title')}
            description={filtered ? t('users.empty.filteredDescription') : t('users.empty.description')}
          />
        ) : null}
        {items.length > 0 ? <UsersTable users={items} /> : null}
        {list.data && list.data.total > 0 ? <Pager total={list.data.total} page={page} pageSize={list.data.pageSize || PAGE_SIZE} onChange={(p) => update({ page: p > 1 ? String(p) : '' })} /> : null}
      </Stack>
      {creating ? <UserCreateModal onClose={() => setCreating(false)} /> : null}
      <UserDrawer userId={userId ?? null} onClose={() => void navigate({ pathname: PATHS.users, search: params.toString() ? `?${params.toString()}` : '' })} />
    </>
  );
}
