import { useState } from 'react';
import { ActionIcon, Badge, Button, Card, Group, List, Select, SimpleGrid, Stack, Text, Title, Tooltip } from '@mantine/core';
import { IconPencil, IconPlus, IconX } from '@tabler/icons-react';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { ItemList, TFacility, TGroup } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLabels } from '../../components/options.ts';
import { usePermissions } from '../session/permissions.ts';
import { FACILITIES_KEY } from '../session/SessionContext.tsx';
import { GroupFormModal } from './GroupFormModal.tsx';
import { GROUPS_KEY } from './groups.ts';

type Editing = { group: TGroup | null } | null;

/** Groups of facilities (corporations, regions): list, create, rename, add and remove member facilities. */
export function GroupsPanel({ groups, facilities }: { groups: UseQueryResult<ItemList<TGroup>>; facilities: TFacility[] }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const [editing, setEditing] = useState<Editing>(null);
  const items = groups.data?.items ?? [];
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Text size="sm" c="dimmed" style={{ flex: '1 1 20rem' }}>
          {t('groups.description')}
        </Text>
        {perm.manageGroups ? (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setEditing({ group: null })}>
            {t('groups.add')}
          </Button>
        ) : null}
      </Group>
      {groups.isPending ? <Loading /> : null}
      {groups.error ? <ErrorAlert error={groups.error} /> : null}
      {groups.data && items.length === 0 ? <EmptyState title={t('groups.empty.title')} description={t('groups.empty.description')} /> : null}
      <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
        {items.map((g) => (
          <GroupCard key={g.id} group={g} facilities={facilities} canManage={perm.manageGroups} onEdit={() => setEditing({ group: g })} />
        ))}
      </SimpleGrid>
      {editing ? <GroupFormModal key={editing.group?.id ?? 'new'} group={editing.group} onClose={() => setEditing(null)} /> : null}
    </Stack>
  );
}

function GroupCard({ group, facilities, canManage, onEdit }: { group: TGroup; facilities: TFacility[]; canManage: boolean; onEdit: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const qc = useQueryClient();
  const [adding, setAdding] = useState<string | null>(null);
  const [removing, setRemoving] = useState<TFacility | null>(null);
  const byId = new Map(facilities.map((f) => [f.id, f]));
  const members = group.facilityIds.map((id) => byId.get(id)).filter((f): f is TFacility => Boolean(f));
  const candidates = facilities.filter((f) => !group.facilityIds.includes(f.id));
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: GROUPS_KEY });
    void qc.invalidateQueries({ queryKey: FACILITIES_KEY });
  };
  const add = useMutation({
    mutationFn: (facilityId: string) => api.post<TGroup>(`/groups/${encodeURIComponent(group.id)}/facilities`, { facilityId }),
    onSuccess: (_g, facilityId) => {
      refresh();
      setAdding(null);
      notify(t('groups.members.added', { facility: byId.get(facilityId)?.name ?? '', group: group.name }));
    },
  });
  const remove = useMutation({
    mutationFn: (facilityId: string) => api.del<TGroup>(`/groups/${encodeURIComponent(group.id)}/facilities/${encodeURIComponent(facilityId)}`),
    onSuccess: (_g, facilityId) => {
      refresh();
      setRemoving(null);
      notify(t('groups.members.removed', { facility: byId.get(facilityId)?.name ?? '', group: group.name }));
    },
  });

  return (
    <Card withBorder radius="md" p="md">
      <Group justify="space-between" align="flex-start" mb="xs" wrap="nowrap">
        <div>
          <Title order={2} size="h4">
            {group.name}
          </Title>
          <Group gap="xs" mt={4}>
            <Badge variant="light" color="gray" style={{ textTransform: 'none' }}>
              {labels.groupKind(group.kind)}
            </Badge>
            <Text size="sm" className="mono" c="dimmed">
              {group.code}
            </Text>
          </Group>
        </div>
        {canManage ? (
          <Tooltip label={t('groups.editLabel', { name: group.name })}>
            <ActionIcon variant="default" size="lg" onClick={onEdit} aria-label={t('groups.editLabel', { name: group.name })}>
              <IconPencil size={16} aria-hidden />
            </ActionIcon>
          </Tooltip>
        ) : null}
      </Group>
      <Text size="sm" fw={700} mt="sm" mb={4}>
        {t('groups.members.title', { count: members.length })}
      </Text>
      {members.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('groups.members.none')}
        </Text>
      ) : (
        <List size="sm" spacing={4} listStyleType="none" ml={0}>
          {members.map((f) => (
            <List.Item key={f.id}>
              <Group gap="xs" wrap="nowrap">
                <Text size="sm">{f.name}</Text>
                {canManage ? (
                  <ActionIcon size="sm" variant="subtle" color="red" onClick={() => setRemoving(f)} aria-label={t('groups.members.removeLabel', { facility: f.name, group: group.name })}>
                    <IconX size={14} aria-hidden />
                  </ActionIcon>
                ) : null}
              </Group>
            </List.Item>
          ))}
        </List>
      )}
      {canManage && candidates.length > 0 ? (
        <Group mt="md" align="flex-end" gap="xs" wrap="wrap">
          <Select
            label={t('groups.members.addLabel')}
            placeholder={t('common.selectPlaceholder')}
            data={candidates.map((f) => ({ value: f.id, label: f.name }))}
            value={adding}
            onChange={setAdding}
            searchable
            nothingFoundMessage={t('common.nothingFound')}
            style={{ flex: '1 1 12rem' }}
          />
          <Button variant="default" disabled={!adding} loading={add.isPending} onClick={() => adding && add.mutate(adding)}>
            {t('groups.members.addSubmit')}
          </Button>
        </Group>
      ) : null}
      {add.error ? <ErrorAlert error={add.error} /> : null}
      <ConfirmModal
        opened={removing !== null}
        title={t('groups.members.removeTitle')}
        message={t('groups.members.removeConfirm', { facility: removing?.name ?? '', group: group.name })}
        confirmLabel={t('groups.members.removeSubmit')}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing.id)}
        onClose={() => {
          setRemoving(null);
          remove.reset();
        }}
      />
    </Card>
  );
}
