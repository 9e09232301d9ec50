import { useState } from 'react';
import { Button, Stack, Tabs } from '@mantine/core';
import { IconBuildingHospital, IconHierarchy2, IconPlus } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import type { TFacility } from '../../api/types.ts';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { usePermissions } from '../session/permissions.ts';
import { useFacilities } from '../session/SessionContext.tsx';
import { FacilitiesTable } from './FacilitiesTable.tsx';
import { FacilityFormModal } from './FacilityFormModal.tsx';
import { useGroups } from './groups.ts';
import { GroupsPanel } from './GroupsPanel.tsx';

type Editing = { mode: 'create' } | { mode: 'edit'; facility: TFacility } | null;

export function FacilitiesPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'groups' ? 'groups' : 'facilities';
  const showGroups = perm.isAdmin || perm.isGroupAdmin;
  const facilities = useFacilities();
  const groups = useGroups(showGroups);
  const [editing, setEditing] = useState<Editing>(null);
  const list = facilities.data?.items ?? [];

  return (
    <>
      <PageHeader
        title={t('facilities.title')}
        description={t('facilities.description')}
        actions={
          perm.createFacility && tab === 'facilities' ? (
            <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ mode: 'create' })}>
              {t('facilities.add')}
            </Button>
          ) : null
        }
      />
      <Tabs
        value={showGroups ? tab : 'facilities'}
        onChange={(v) => setParams(v === 'groups' ? { tab: 'groups' } : {}, { replace: true })}
        keepMounted={false}
      >
        {showGroups ? (
          <Tabs.List mb="md">
            <Tabs.Tab value="facilities" leftSection={<IconBuildingHospital size={16} aria-hidden />}>
              {t('facilities.tabs.facilities')}
            </Tabs.Tab>
            <Tabs.Tab value="groups" leftSection={<IconHierarchy2 size={16} aria-hidden />}>
              {t('facilities.tabs.groups')}
            </Tabs.Tab>
          </Tabs.List>
        ) : null}
        <Tabs.Panel value="facilities">
          <Stack>
            {facilities.isPending ? <Loading /> : null}
            {facilities.error ? <ErrorAlert error={facilities.error} /> : null}
            {facilities.data && list.length === 0 ? <EmptyState title={t('facilities.empty.title')} description={t('facilities.empty.description')} /> : null}
            {list.length > 0 ? <FacilitiesTable facilities={list} groups={groups.data?.items ?? []} onEdit={(f) => setEditing({ mode: 'edit', facility: f })} /> : null}
          </Stack>
        </Tabs.Panel>
        {showGroups ? (
          <Tabs.Panel value="groups">
            <GroupsPanel groups={groups} facilities={list} />
          </Tabs.Panel>
        ) : null}
      </Tabs>
      {editing ? (
        <FacilityFormModal
          key={editing.mode === 'edit' ? editing.facility.id : 'new'}
          facility={editing.mode === 'edit' ? editing.facility : null}
          opened
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
