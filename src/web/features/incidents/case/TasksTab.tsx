import { useState } from 'react';
import { Badge, Button, Checkbox, Group, Modal, Paper, Select, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormFooter } from '../../../components/FormModal.tsx';
import { useErrorText } from '../../../components/errors.ts';
import { notify } from '../../../components/notify.ts';
import { useConfirmDelete } from '../../../components/useConfirmDelete.ts';
import { useFormat } from '../../../lib/format.ts';
import { useOwnerOptions } from '../../actions/actions.ts';
import { TEAM_ROLES, type CasePhase, type TeamRole } from '../../../../shared/incidents/cases.ts';
import { CASE_LIMITS, type CaseDetailDto, type CaseTaskDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { phaseState } from './case.ts';
import { casePath, caseKey, useCaseChanged } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { useCaseLabels } from './labels.tsx';

/** The tasks tab: the playbook's tasks and those added by hand, by phase; tick, owner, notes; add to a phase. */
export function TasksTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const [editing, setEditing] = useState<CaseTaskDto | null>(null);
  const remove = useConfirmDelete(
    (task: CaseTaskDto) => api.del(casePath.task(task.id)),
    (task) => {
      changed();
      notify(t('incidentCase.tasks.deleted', { title: labels.text(task.title) }));
    },
  );
  const total = c.tasks.reduce((n, g) => n + g.items.length, 0);
  const open = c.tasks.reduce((n, g) => n + g.open, 0);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {c.playbook ? t('incidentCase.tasks.fromPlaybook', { version: c.playbook.version }) : t('incidentCase.tasks.noPlaybook')}
        {total > 0 ? ` ${t('incidentCase.tasks.progress', { done: total - open, total })}` : ''}
      </Text>
      {c.tasks.map((g) => (
        <PhaseTasks key={g.phase} c={c} phase={g.phase} items={g.items} open={g.open} access={access} onEdit={setEditing} onDelete={remove.ask} />
      ))}
      {editing ? <TaskEditModal c={c} task={editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal
        {...remove.modal}
        title={t('incidentCase.tasks.deleteTitle')}
        message={remove.target ? t('incidentCase.tasks.deleteConfirm', { title: labels.text(remove.target.title) }) : ''}
        confirmLabel={t('incidentCase.tasks.delete')}
        danger
      />
    </Stack>
  );
}

function PhaseTasks({
  c,
  phase,
  items,
  open,
  access,
  onEdit,
  onDelete,
}: {
  c: CaseDetailDto;
  phase: CasePhase;
  items: CaseTaskDto[];
  open: number;
  access: CaseAccess;
  onEdit: (t: CaseTaskDto) => void;
  onDelete: (t: CaseTaskDto) => void;
}) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const state = phaseState(phase, c.phase);
  const headingId = `tasks-${phase}`;
  return (
    <Paper withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby={headingId} style={state === 'current' ? { borderColor: 'var(--mantine-color-blue-6)', borderWidth: 2 } : undefined}>
      <Group justify="space-between" gap="xs" mb="xs" wrap="wrap">
        <Group gap="xs">
          <Title order={2} size="h5" id={headingId}>
            {labels.phase(phase)}
          </Title>
          {state === 'current' ? (
            <Badge variant="filled" radius="sm" styles={{ root: { textTransform: 'none' } }}>
              {t('incidentCase.phase.current')}
            </Badge>
          ) : null}
        </Group>
        <Text size="sm" c="dimmed">
          {items.length === 0 ? t('incidentCase.tasks.none') : open === 0 ? t('incidentCase.tasks.allDone') : t('incidentCase.tasks.openCount', { count: open, total: items.length })}
        </Text>
      </Group>
      <Stack gap={4} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((task) => (
          <TaskRow key={task.id} task={task} access={access} onEdit={onEdit} onDelete={onDelete} />
        ))}
      </Stack>
      {access.write ? <AddTask c={c} phase={phase} /> : null}
    </Paper>
  );
}

function TaskRow({ task, access, onEdit, onDelete }: { task: CaseTaskDto; access: CaseAccess; onEdit: (t: CaseTaskDto) => void; onDelete: (t: CaseTaskDto) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const errorText = useErrorText();
  const title = labels.text(task.title);
  const qc = useQueryClient();
  // The tick shows at once; the case is updated from the server's answer.
  const [pending, setPending] = useState<boolean | null>(null);
  const toggle = useMutation({
    mutationFn: (done: boolean) => api.patch<CaseTaskDto>(casePath.task(task.id), { done, expectedUpdatedAt: task.updatedAt }),
    onMutate: (done) => setPending(done),
    onSettled: () => setPending(null),
    onSuccess: (updated, done) => {
      qc.setQueryData<CaseDetailDto>(caseKey(task.caseId, 'detail'), (prev) =>
        prev
          ? {
              ...prev,
              tasks: prev.tasks.map((g) => {
                const items = g.items.map((x) => (x.id === updated.id ? updated : x));
                return { ...g, items, open: items.filter((x) => !x.done).length };
              }),
            }
          : prev,
      );
      changed();
      notify(done ? t('incidentCase.tasks.doneToast', { title }) : t('incidentCase.tasks.undoneToast', { title }));
    },
    onError: (e) => {
      changed();
      if (isApiError(e) && e.code === 'CONFLICT') notify(t('incidentCase.tasks.conflict'), { color: 'orange' });
      else {
        const { title: head, detail } = errorText(e);
        notify(detail ?? head, { color: 'red', title: detail ? head : undefined });
      }
    },
  });
  const owner = [task.ownerRole ? labels.role(task.ownerRole) : null, task.owner?.name].filter(Boolean).join(' / ');
  return (
    <li data-testid="case-task" data-done={task.done ? 'true' : 'false'} style={{ padding: '6px 0', borderBottom: '1px solid var(--mantine-color-gray-2)' }}>
      <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          <Checkbox
            checked={pending ?? task.done}
            disabled={!access.write || toggle.isPending}
            onChange={(e) => toggle.mutate(e.currentTarget.checked)}
            label={
              <Text size="sm" td={task.done ? 'line-through' : undefined} c={task.done ? 'dimmed' : undefined} style={{ lineHeight: 1.6 }}>
                {title}
              </Text>
            }
            styles={{ body: { alignItems: 'flex-start' }, input: { cursor: access.write ? 'pointer' : undefined } }}
            size="md"
          />
          <Group gap="sm" ml={32} wrap="wrap">
            {owner ? (
              <Text size="xs" c="dimmed">
                {t('incidentCase.tasks.owner', { owner })}
              </Text>
            ) : null}
            {task.done && task.doneAt ? (
              <Text size="xs" c="dimmed" data-testid="task-done-by">
                {t('incidentCase.tasks.doneBy', { at: fmt.dateTime(task.doneAt), name: task.doneBy?.name ?? t('incidentCase.unknownPerson') })}
              </Text>
            ) : null}
            {task.playbookItemId === null ? (
              <Text size="xs" c="dimmed">
                {t('incidentCase.tasks.manual')}
              </Text>
            ) : null}
          </Group>
          {task.notes ? (
            <Text size="sm" ml={32} className="case-prewrap">
              {task.notes}
            </Text>
          ) : null}
        </Stack>
        {access.write ? (
          <Group gap={4} wrap="nowrap" className="no-print">
            <Button size="compact-sm" variant="subtle" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onEdit(task)} aria-label={t('incidentCase.tasks.editLabel', { title })}>
              {t('common.edit')}
            </Button>
            {task.playbookItemId === null ? (
              <Button size="compact-sm" variant="subtle" color="red" onClick={() => onDelete(task)} aria-label={t('incidentCase.tasks.deleteLabel', { title })}>
                <IconTrash size={14} aria-hidden />
              </Button>
            ) : null}
          </Group>
        ) : null}
      </Group>
    </li>
  );
}

function AddTask({ c, phase }: { c: CaseDetailDto; phase: CasePhase }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const [title, setTitle] = useState('');
  const [open, setOpen] = useState(false);
  const m = useMutation({
    mutationFn: () => api.post<CaseTaskDto>(casePath.tasks(c.id), { phase, title: title.trim() }),
    onSuccess: () => {
      changed();
      notify(t('incidentCase.tasks.added', { title: title.trim() }));
      setTitle('');
    },
  });
  if (!open)
    return (
      <Button mt="xs" size="compact-sm" variant="subtle" leftSection={<IconPlus size={14} aria-hidden />} onClick={() => setOpen(true)} className="no-print">
        {t('incidentCase.tasks.addTo', { phase: labels.phase(phase) })}
      </Button>
    );
  return (
    <form
      noValidate
      className="no-print"
      onSubmit={(e) => {
        e.preventDefault();
        if (title.trim()) m.mutate();
      }}
    >
      <Group mt="xs" gap="xs" align="flex-end" wrap="wrap">
        <TextInput
          label={t('incidentCase.tasks.newTitle', { phase: labels.phase(phase) })}
          value={title}
          onChange={(e) => setTitle(e.currentTarget.value)}
          maxLength={CASE_LIMITS.taskTitleChars}
          style={{ flex: '1 1 16rem' }}
          data-autofocus
          autoFocus
        />
        <Button type="submit" loading={m.isPending} disabled={!title.trim()}>
          {t('incidentCase.tasks.add')}
        </Button>
        <Button variant="default" onClick={() => setOpen(false)}>
          {t('common.close')}
        </Button>
      </Group>
      {m.error ? <ErrorAlert error={m.error} /> : null}
    </form>
  );
}

function TaskEditModal({ c, task, onClose }: { c: CaseDetailDto; task: CaseTaskDto; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const changed = useCaseChanged();
  const users = useOwnerOptions(c.facilityId, task.owner ? [task.owner] : []);
  const manual = task.playbookItemId === null;
  const [title, setTitle] = useState(labels.text(task.title));
  const [role, setRole] = useState<string | null>(task.ownerRole);
  const [owner, setOwner] = useState<string | null>(task.owner?.id ?? null);
  const [notes, setNotes] = useState(task.notes ?? '');
  const m = useMutation({
    mutationFn: () =>
      api.patch<CaseTaskDto>(casePath.task(task.id), {
        ownerRole: (role as TeamRole | null) ?? null,
        ownerUserId: owner ?? null,
        notes: notes.trim() ? notes : null,
        ...(manual && title.trim() && title.trim() !== task.title.ja ? { title: title.trim() } : {}),
        expectedUpdatedAt: task.updatedAt,
      }),
    onSuccess: () => {
      changed();
      notify(t('incidentCase.tasks.saved'));
      onClose();
    },
  });
  return (
    <Modal opened onClose={onClose} title={t('incidentCase.tasks.editTitle')} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          m.mutate();
        }}
      >
        <Stack gap="sm">
          {manual ? (
            <TextInput label={t('incidentCase.tasks.title')} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={CASE_LIMITS.taskTitleChars} />
          ) : (
            <div>
              <Text size="sm" fw={700}>
                {t('incidentCase.tasks.title')}
              </Text>
              <Text size="sm">{labels.text(task.title)}</Text>
              <Text size="xs" c="dimmed">
                {t('incidentCase.tasks.playbookTitle')}
              </Text>
            </div>
          )}
          <Select label={t('incidentCase.tasks.ownerRole')} data={TEAM_ROLES.map((r) => ({ value: r, label: labels.role(r) }))} value={role} onChange={setRole} clearable />
          <Select label={t('incidentCase.tasks.ownerUser')} data={users} value={owner} onChange={setOwner} searchable clearable nothingFoundMessage={t('common.nothingFound')} />
          <Textarea label={t('incidentCase.tasks.notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} autosize minRows={3} maxLength={CASE_LIMITS.notesChars} />
          <FormFooter hasErrors={false} error={m.error} submitLabel={t('common.save')} loading={m.isPending} onCancel={onClose} />
        </Stack>
      </form>
    </Modal>
  );
}
