import { useState } from 'react';
import { Anchor, Button, Card, Group, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconPencil } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import type { ActionDto } from '../../../shared/contracts/actions.contract.ts';
import { ActionFormModal } from './ActionFormModal.tsx';
import { actionSourceLabel, actionStatusLabel, actionStatusTone } from './actions.ts';

/** Status as text and icon; an overdue action says so in words too. */
export function ActionStatusBadge({ action }: { action: Pick<ActionDto, 'status' | 'overdue'> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="wrap">
      <StatusBadge tone={actionStatusTone(action.status, false)}>{actionStatusLabel(t, action.status)}</StatusBadge>
      {action.overdue ? (
        <Group gap={2} wrap="nowrap">
          <IconAlertTriangle size={14} color="var(--mantine-color-red-9)" aria-hidden />
          <Text size="sm" c="red.9" fw={700}>
            {t('actions.overdue')}
          </Text>
        </Group>
      ) : null}
    </Group>
  );
}

function DueDate({ action }: { action: ActionDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (!action.dueOn) return <Text size="sm" c="dimmed">{t('actions.noDue')}</Text>;
  if (!action.overdue) return <Text size="sm">{fmt.date(action.dueOn)}</Text>;
  return (
    <Group gap={4} wrap="nowrap">
      <IconAlertTriangle size={14} color="var(--mantine-color-red-9)" aria-hidden />
      <Text size="sm" c="red.9" fw={600}>
        {t('actions.dueOverdue', { date: fmt.date(action.dueOn) })}
      </Text>
    </Group>
  );
}

function Source({ action }: { action: ActionDto }) {
  const { t } = useTranslation();
  const type = actionSourceLabel(t, action.source.type);
  const label = action.source.label ? `${type}: ${action.source.label}` : type;
  if (action.source.link && action.source.link.startsWith('/')) {
    return (
      <Anchor component={Link} to={action.source.link} size="sm">
        {label}
      </Anchor>
    );
  }
  return <Text size="sm">{label}</Text>;
}

/**
 * Actions as a table (cards on a phone): title, status (overdue in words), owner, due date, source with its link, and
 * an edit button opening the edit dialog when `canEdit`. Reused by other pages (an assessment item, a finding …).
 */
export function ActionList({ facilityId, actions, canEdit, label }: { facilityId: string; actions: ActionDto[]; canEdit: boolean; label?: string }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [editing, setEditing] = useState<ActionDto | null>(null);
  const tableLabel = label ?? t('actions.list.tableLabel');
  const edit = (a: ActionDto) => (
    <Button size="xs" variant="subtle" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => setEditing(a)} aria-label={t('actions.list.editNamed', { title: a.title })}>
      {t('common.edit')}
    </Button>
  );
  return (
    <>
      {narrow ? (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={tableLabel}>
          {actions.map((a) => (
            <Card component="li" key={a.id} withBorder radius="md" p="sm" style={a.overdue ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
              <Group justify="space-between" align="flex-start" wrap="nowrap" gap="xs">
                <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {a.title}
                </Text>
                {canEdit ? edit(a) : null}
              </Group>
              <Stack gap={4} mt={4}>
                <ActionStatusBadge action={a} />
                <Text size="sm">{t('actions.list.ownerLine', { owner: a.owner?.name ?? t('actions.noOwner') })}</Text>
                <DueDate action={a} />
                <Source action={a} />
              </Stack>
            </Card>
          ))}
        </Stack>
      ) : (
        <ScrollArea type="auto">
          <Table striped highlightOnHover stickyHeader aria-label={tableLabel} verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('actions.fields.title')}</Table.Th>
                <Table.Th>{t('actions.fields.status')}</Table.Th>
                <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('actions.fields.owner')}</Table.Th>
                <Table.Th miw={150}>{t('actions.fields.dueOn')}</Table.Th>
                <Table.Th>{t('actions.fields.source')}</Table.Th>
                {canEdit ? <Table.Th>{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {actions.map((a) => (
                <Table.Tr key={a.id} style={a.overdue ? { boxShadow: 'inset 4px 0 0 var(--mantine-color-red-6)' } : undefined}>
                  <Table.Td style={{ overflowWrap: 'anywhere' }}>
                    <Text size="sm" fw={600}>
                      {a.title}
                    </Text>
                    {a.description ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {a.description}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <ActionStatusBadge action={a} />
                  </Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{a.owner ? <Text size="sm">{a.owner.name}</Text> : <Text size="sm" c="dimmed">{t('actions.noOwner')}</Text>}</Table.Td>
                  <Table.Td>
                    <DueDate action={a} />
                  </Table.Td>
                  <Table.Td>
                    <Source action={a} />
                  </Table.Td>
                  {canEdit ? <Table.Td>{edit(a)}</Table.Td> : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea>
      )}
      {editing ? <ActionFormModal facilityId={facilityId} action={editing} onClose={() => setEditing(null)} /> : null}
    </>
  );
}
