import { useState } from 'react';
import { Alert, Badge, Box, Button, Checkbox, Grid, Group, List, Paper, Stack, Text, Textarea, TextInput, ThemeIcon } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle, IconCircleCheck, IconRefresh, IconSquareX } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok } from '../../api/types.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { focusFirstError, formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import { CONTRACT_CLAUSES, type ContractClause } from '../../../shared/vendors.ts';
import type { TContract, TContractCreate, TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { textOrNull } from '../ledger/ledger.ts';
import { ContractFlagBadge } from './VendorFlagBadges.tsx';
import { ItemActions, SectionButton, VendorSection } from './VendorSection.tsx';
import { vendorFieldErrors, vendorPath, useVendorsChanged } from './vendors.ts';

function ContractCard({ c, canWrite, onEdit, onDelete }: { c: TContract; canWrite: boolean; onEdit: () => void; onDelete: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const from = c.startsOn ? fmt.date(c.startsOn) : null;
  const to = c.endsOn ? fmt.date(c.endsOn) : null;
  const period = from && to ? t('vendors.contracts.periodRange', { from, to }) : from ? t('vendors.contracts.periodOpen', { from }) : to ? t('vendors.contracts.periodUntil', { to }) : t('vendors.contracts.noPeriod');
  const missing = c.missingClauses;
  const titleId = `contract-${c.id}-title`;
  return (
    <Paper component="article" withBorder radius="md" p="sm" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap" gap="sm">
          <Stack gap={4} style={{ minWidth: 0 }}>
            <Text component="h3" fw={700} size="md" m={0} id={titleId} style={{ overflowWrap: 'anywhere' }}>
              {c.title}
              {c.contractNumber ? (
                <Text span size="sm" c="dimmed" fw={400} className="mono" ml="xs" style={{ whiteSpace: 'nowrap' }}>
                  {c.contractNumber}
                </Text>
              ) : null}
            </Text>
            <Group gap="xs" wrap="wrap">
              <Text size="sm">
                {t('vendors.contracts.fields.period')}: {period}
              </Text>
              {c.autoRenew ? (
                <Badge color="teal" variant="light" radius="sm" leftSection={<IconRefresh size={14} aria-hidden />} style={{ textTransform: 'none' }}>
                  {t('vendors.contracts.fields.autoRenew')}
                </Badge>
              ) : null}
              {c.flags.map((f) => (
                <ContractFlagBadge key={f} flag={f} />
              ))}
            </Group>
          </Stack>
          {canWrite ? <ItemActions editLabel={t('vendors.contracts.editLabel', { name: c.title })} deleteLabel={t('vendors.contracts.deleteLabel', { name: c.title })} onEdit={onEdit} onDelete={onDelete} /> : null}
        </Group>
        {c.scope ? (
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text span fw={700} size="sm">
              {t('vendors.contracts.fields.scope')}:{' '}
            </Text>
            {c.scope}
          </Text>
        ) : null}
        {missing.length > 0 ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('vendors.contracts.missingTitle', { count: missing.length })}>
            <Stack gap={6}>
              <List size="sm" spacing={2} icon={<IconSquareX size={16} aria-hidden color="var(--mantine-color-orange-8)" />} aria-label={t('vendors.contracts.missingTitle', { count: missing.length })}>
                {missing.map((k) => (
                  <List.Item key={k}>{t(`vendors.contracts.clauses.${k}`)}</List.Item>
                ))}
              </List>
              <Text size="sm">{t('vendors.contracts.missingNote')}</Text>
            </Stack>
          </Alert>
        ) : (
          <Group gap="xs" wrap="nowrap">
            <ThemeIcon color="green" variant="light" size="sm" radius="xl" aria-hidden>
              <IconCircleCheck size={14} />
            </ThemeIcon>
            <Text size="sm">{t('vendors.contracts.allClauses')}</Text>
          </Group>
        )}
        {c.clauses.length > 0 && missing.length > 0 ? (
          <Box component="details">
            <Text component="summary" size="sm" style={{ cursor: 'pointer' }}>
              {t('vendors.contracts.statedTitle', { count: c.clauses.length })}
            </Text>
            <List size="sm" spacing={2} mt={4} icon={<IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-8)" />}>
              {CONTRACT_CLAUSES.filter((k) => c.clauses.includes(k)).map((k) => (
                <List.Item key={k}>{t(`vendors.contracts.clauses.${k}`)}</List.Item>
              ))}
            </List>
          </Box>
        ) : null}
        {c.notes ? (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {c.notes}
          </Text>
        ) : null}
      </Stack>
    </Paper>
  );
}

/** Contracts: period, auto renewal, flags and, prominently, the security clauses each one does not state. */
export function ContractsSection({ facilityId, vendor, canWrite }: { facilityId: string; vendor: TVendorDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const [editing, setEditing] = useState<TContract | 'new' | null>(null);
  const del = useConfirmDelete(
    (c: TContract) => api.del<Ok>(vendorPath.contract(facilityId, vendor.id, c.id)),
    (c) => {
      changed(facilityId);
      notify(t('vendors.contracts.deleted', { name: c.title }));
    },
  );
  return (
    <VendorSection
      id="vendor-contracts"
      title={t('vendors.sections.contracts')}
      actions={canWrite ? <SectionButton onClick={() => setEditing('new')}>{t('vendors.contracts.add')}</SectionButton> : null}
    >
      {vendor.contracts.length === 0 ? (
        <Stack gap="xs">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('vendors.flags.no_contract')}>
            {t('vendors.flagHelp.no_contract')}
          </Alert>
        </Stack>
      ) : (
        <Stack gap="sm">
          {vendor.contracts.map((c) => (
            <ContractCard key={c.id} c={c} canWrite={canWrite} onEdit={() => setEditing(c)} onDelete={() => del.ask(c)} />
          ))}
        </Stack>
      )}
      {editing ? <ContractFormModal facilityId={facilityId} vendorId={vendor.id} contract={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} /> : null}
      <ConfirmModal {...del.modal} title={t('vendors.contracts.deleteTitle')} message={t('vendors.contracts.deleteConfirm', { name: del.target?.title ?? '' })} confirmLabel={t('vendors.detail.delete')} danger />
    </VendorSection>
  );
}

interface ContractValues {
  title: string;
  contractNumber: string;
  startsOn: string;
  endsOn: string;
  autoRenew: boolean;
  scope: string;
  clauses: string[];
  notes: string;
}
const ORDER = ['title', 'contractNumber', 'startsOn', 'endsOn', 'autoRenew', 'scope', 'clauses', 'notes'];
const PREFIX = 'contract-field';
const focusFirst = (errors: Record<string, unknown>) => focusFirstError(PREFIX, ORDER, errors);

function ContractFormModal({ facilityId, vendorId, contract, onClose }: { facilityId: string; vendorId: string; contract?: TContract; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useVendorsChanged();
  const date = (v: string) => (v && !isIsoDate(v) ? t('vendors.issues.invalid_date') : null);
  const form = useForm<ContractValues>({
    mode: 'controlled',
    initialValues: {
      title: contract?.title ?? '',
      contractNumber: contract?.contractNumber ?? '',
      startsOn: contract?.startsOn ?? '',
      endsOn: contract?.endsOn ?? '',
      autoRenew: contract?.autoRenew ?? false,
      scope: contract?.scope ?? '',
      clauses: contract?.clauses ?? [],
      notes: contract?.notes ?? '',
    },
    validate: {
      title: (v) => (!v.trim() ? t('validation.required') : v.trim().length > 200 ? t('validation.maxLength', { max: 200 }) : null),
      contractNumber: (v) => (v.trim().length > 100 ? t('validation.maxLength', { max: 100 }) : null),
      startsOn: date,
      endsOn: (v, values) => date(v) ?? (v && values.startsOn && isIsoDate(values.startsOn) && v < values.startsOn ? t('vendors.contracts.endsBeforeStart') : null),
    },
  });
  const save = useMutation({
    mutationFn: (v: ContractValues) => {
      const body: TContractCreate = {
        title: v.title.trim(),
        contractNumber: textOrNull(v.contractNumber),
        startsOn: textOrNull(v.startsOn),
        endsOn: textOrNull(v.endsOn),
        autoRenew: v.autoRenew,
        scope: textOrNull(v.scope),
        clauses: CONTRACT_CLAUSES.filter((k) => v.clauses.includes(k)),
        notes: textOrNull(v.notes),
      };
      return contract ? api.patch<unknown>(vendorPath.contract(facilityId, vendorId, contract.id), body) : api.post<unknown>(vendorPath.contracts(facilityId, vendorId), body);
    },
    onSuccess: (_, v) => {
      changed(facilityId);
      notify(contract ? t('vendors.contracts.updated', { name: v.title.trim() }) : t('vendors.contracts.created', { name: v.title.trim() }));
      onClose();
    },
    onError: (e) => showFieldErrors(form, vendorFieldErrors(e, t, formValues(form)), focusFirst),
  });
  const input = (k: keyof ContractValues) => ({ id: `${PREFIX}-${k}`, ...form.getInputProps(k) });
  const clauses = form.getValues().clauses;
  return (
    <FormModal
      title={contract ? t('vendors.contracts.editTitle', { name: contract.title }) : t('vendors.contracts.createTitle')}
      size="xl"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v), focusFirst)}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('vendors.form.errorSummary')}
      error={save.error}
      submitLabel={contract ? t('vendors.form.submitEdit') : t('vendors.form.submitCreate')}
      loading={save.isPending}
    >
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput label={t('vendors.contracts.fields.title')} description={t('vendors.contracts.help.title')} required data-autofocus maxLength={200} {...input('title')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput label={t('vendors.contracts.fields.contractNumber')} maxLength={100} {...input('contractNumber')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput type="date" label={t('vendors.contracts.fields.startsOn')} {...input('startsOn')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <TextInput type="date" label={t('vendors.contracts.fields.endsOn')} {...input('endsOn')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }} style={{ alignSelf: 'center' }}>
          <Checkbox id={`${PREFIX}-autoRenew`} label={t('vendors.contracts.fields.autoRenew')} description={t('vendors.contracts.help.autoRenew')} {...form.getInputProps('autoRenew', { type: 'checkbox' })} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('vendors.contracts.fields.scope')} description={t('vendors.contracts.help.scope')} autosize minRows={2} maxRows={6} maxLength={4000} {...input('scope')} />
        </Grid.Col>
      </Grid>
      <Checkbox.Group
        id={`${PREFIX}-clauses`}
        label={t('vendors.contracts.fields.clauses')}
        description={t('vendors.contracts.help.clauses')}
        {...form.getInputProps('clauses')}
      >
        <Group gap="xs" mt="xs" mb={4}>
          <Button size="compact-sm" variant="default" onClick={() => form.setFieldValue('clauses', [...CONTRACT_CLAUSES])} disabled={clauses.length === CONTRACT_CLAUSES.length}>
            {t('vendors.contracts.selectAll')}
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => form.setFieldValue('clauses', [])} disabled={clauses.length === 0}>
            {t('vendors.contracts.clearAll')}
          </Button>
          <Text size="sm" c="dimmed" aria-live="polite">
            {t('vendors.contracts.clauseCount', { count: clauses.length, total: CONTRACT_CLAUSES.length })}
          </Text>
        </Group>
        <Grid gutter={6}>
          {CONTRACT_CLAUSES.map((k: ContractClause) => (
            <Grid.Col key={k} span={{ base: 12, sm: 6 }}>
              <Checkbox value={k} label={t(`vendors.contracts.clauses.${k}`)} />
            </Grid.Col>
          ))}
        </Grid>
      </Checkbox.Group>
      <Textarea label={t('vendors.contracts.fields.notes')} autosize minRows={2} maxRows={6} maxLength={4000} {...input('notes')} />
    </FormModal>
  );
}
