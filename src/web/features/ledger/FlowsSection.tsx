import { useState } from 'react';
import { Button, Card, Group, Select, Stack, Table, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconArrowRight, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import type { TSegment, TSegmentFlow } from '../../../shared/contracts/ledger.contract.ts';
import { ledgerFieldErrors, ledgerPath, textOrNull, useFlows, useLedgerChanged } from './ledger.ts';

/** The traffic allowed between segments, as a simple list (the diagram comes in a later phase). */
export function FlowsSection({ facilityId, segments, canWrite }: { facilityId: string; segments: TSegment[]; canWrite: boolean }) {
  const { t } = useTranslation();
  const flows = useFlows(facilityId);
  const changed = useLedgerChanged();
  const [adding, setAdding] = useState(false);
  const name = (id: string) => segments.find((s) => s.id === id)?.name ?? id;
  const remove = useConfirmDelete(
    (f: TSegmentFlow) => api.del<Ok>(ledgerPath.flow(facilityId, f.id)),
    () => {
      changed(facilityId);
      notify(t('ledger.flows.removed'));
    },
  );
  const removing = remove.target;
  const items = flows.data?.items ?? [];
  return (
    <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="flows-title">
      <Group justify="space-between" align="flex-start" mb="xs" gap="sm">
        <Stack gap={4} style={{ flex: '1 1 18rem' }}>
          <Title order={2} size="h4" id="flows-title">
            {t('ledger.flows.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('ledger.flows.description')}
          </Text>
        </Stack>
        {canWrite && segments.length >= 2 ? (
          <Button variant="default" leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setAdding(true)}>
            {t('ledger.flows.add')}
          </Button>
        ) : null}
      </Group>
      {flows.isPending ? <Loading /> : null}
      {flows.error ? <ErrorAlert error={flows.error} /> : null}
      {flows.data && items.length === 0 ? <Text size="sm">{segments.length < 2 ? t('ledger.flows.needTwo') : t('ledger.flows.none')}</Text> : null}
      {items.length > 0 ? (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="xs" striped aria-label={t('ledger.flows.tableLabel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('ledger.flows.from')}</Table.Th>
                <Table.Th>{t('ledger.flows.to')}</Table.Th>
                <Table.Th>{t('ledger.flows.services')}</Table.Th>
                <Table.Th>{t('ledger.flows.flowDescription')}</Table.Th>
                {canWrite ? <Table.Th>{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((f) => (
                <Table.Tr key={f.id}>
                  <Table.Td fw={600}>{name(f.fromSegmentId)}</Table.Td>
                  <Table.Td fw={600}>
                    <Group gap={6} wrap="nowrap">
                      <IconArrowRight size={16} aria-hidden />
                      {name(f.toSegmentId)}
                    </Group>
                  </Table.Td>
                  <Table.Td className="mono">{f.services ?? ''}</Table.Td>
                  <Table.Td>{f.description ?? ''}</Table.Td>
                  {canWrite ? (
                    <Table.Td w={1} style={{ whiteSpace: 'nowrap' }}>
                      <Button
                        size="xs"
                        variant="subtle"
                        color="red"
                        leftSection={<IconTrash size={14} aria-hidden />}
                        onClick={() => remove.ask(f)}
                        aria-label={t('ledger.flows.removeLabel', { from: name(f.fromSegmentId), to: name(f.toSegmentId) })}
                      >
                        {t('ledger.flows.remove')}
                      </Button>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      ) : null}
      {adding ? <FlowAddModal facilityId={facilityId} segments={segments} onClose={() => setAdding(false)} /> : null}
      <ConfirmModal
        {...remove.modal}
        title={t('ledger.flows.removeTitle')}
        message={removing ? t('ledger.flows.removeConfirm', { from: name(removing.fromSegmentId), to: name(removing.toSegmentId) }) : ''}
        confirmLabel={t('ledger.flows.remove')}
        danger
      />
    </Card>
  );
}

interface FlowValues {
  fromSegmentId: string | null;
  toSegmentId: string | null;
  services: string;
  description: string;
}

function FlowAddModal({ facilityId, segments, onClose }: { facilityId: string; segments: TSegment[]; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useLedgerChanged();
  const options = segments.map((s) => ({ value: s.id, label: s.name }));
  const form = useForm<FlowValues>({
    mode: 'controlled',
    initialValues: { fromSegmentId: null, toSegmentId: null, services: '', description: '' },
    validate: {
      fromSegmentId: (v) => (v ? null : t('validation.required')),
      toSegmentId: (v, values) => (!v ? t('validation.required') : v === values.fromSegmentId ? t('ledger.issues.same_segment') : null),
      services: (v) => (v.trim().length > 500 ? t('validation.maxLength', { max: 500 }) : null),
    },
  });
  const add = useMutation({
    mutationFn: (v: FlowValues) =>
      api.post<TSegmentFlow>(ledgerPath.flows(facilityId), { fromSegmentId: v.fromSegmentId, toSegmentId: v.toSegmentId, services: textOrNull(v.services), description: textOrNull(v.description) }),
    onSuccess: () => {
      changed(facilityId);
      notify(t('ledger.flows.added'));
      onClose();
    },
    onError: (e) => showFieldErrors(form, ledgerFieldErrors(e, t, formValues(form))),
  });
  return (
    <FormModal
      title={t('ledger.flows.addTitle')}
      onClose={onClose}
      onSubmit={form.onSubmit((v) => add.mutate(v))}
      hasErrors={Object.keys(form.errors).length > 0}
      error={add.error}
      submitLabel={t('ledger.relations.add')}
      loading={add.isPending}
    >
      <Select label={t('ledger.flows.from')} required data={options} placeholder={t('common.selectPlaceholder')} allowDeselect={false} data-autofocus {...form.getInputProps('fromSegmentId')} />
      <Select label={t('ledger.flows.to')} required data={options} placeholder={t('common.selectPlaceholder')} allowDeselect={false} {...form.getInputProps('toSegmentId')} />
      <TextInput label={t('ledger.flows.services')} placeholder={t('ledger.flows.servicesPlaceholder')} maxLength={500} {...form.getInputProps('services')} />
      <Textarea label={t('ledger.flows.flowDescription')} autosize minRows={2} maxLength={2000} {...form.getInputProps('description')} />
    </FormModal>
  );
}
