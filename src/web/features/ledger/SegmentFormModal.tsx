import { Grid, NumberInput, Select, TagsInput, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { formValues, showFieldErrors } from '../../components/errors.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { checkCidr, SEGMENT_PURPOSES, type SegmentPurpose } from '../../../shared/ledger.ts';
import type { TSegment, TSegmentCreate } from '../../../shared/contracts/ledger.contract.ts';
import { ledgerFieldErrors, ledgerPath, textOrNull, useLedgerChanged, useLedgerLabels } from './ledger.ts';

interface Values {
  name: string;
  vlan: number | string;
  cidrs: string[];
  purpose: string | null;
  notes: string;
}

/** Create (no segment) or edit a network segment. */
export function SegmentFormModal({ facilityId, segment, onClose }: { facilityId: string; segment?: TSegment; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLedgerLabels();
  const changed = useLedgerChanged();
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: segment?.name ?? '', vlan: segment?.vlan ?? '', cidrs: segment?.cidrs ?? [], purpose: segment?.purpose ?? null, notes: segment?.notes ?? '' },
    validate: {
      name: (v) => (!v.trim() ? t('validation.required') : v.trim().length > 100 ? t('validation.maxLength', { max: 100 }) : null),
      vlan: (v) => (v === '' || (Number.isInteger(Number(v)) && Number(v) >= 1 && Number(v) <= 4094) ? null : t('ledger.issues.vlan')),
      cidrs: (list) => {
        const bad = list.flatMap((c) => {
          const problem = checkCidr(c.trim());
          return problem ? [t('ledger.issues.item', { value: c, message: t(problem === 'host_bits_set' ? 'ledger.issues.cidr_host_bits_set' : 'ledger.issues.invalid_cidr') })] : [];
        });
        return bad.length ? bad.join(' ') : null;
      },
      purpose: (v) => (v ? null : t('validation.required')),
    },
  });
  const save = useMutation({
    mutationFn: (v: Values) => {
      const body: TSegmentCreate = {
        name: v.name.trim(),
        vlan: v.vlan === '' ? null : Number(v.vlan),
        cidrs: v.cidrs.map((c) => c.trim()).filter(Boolean),
        purpose: ((SEGMENT_PURPOSES as readonly string[]).includes(v.purpose ?? '') ? v.purpose : 'other') as SegmentPurpose,
        notes: textOrNull(v.notes),
      };
      return segment ? api.patch<TSegment>(ledgerPath.segment(facilityId, segment.id), body) : api.post<TSegment>(ledgerPath.segments(facilityId), body);
    },
    onSuccess: (s) => {
      changed(facilityId);
      notify(segment ? t('ledger.segments.updated', { name: s.name }) : t('ledger.segments.created', { name: s.name }));
      onClose();
    },
    onError: (e) => showFieldErrors(form, ledgerFieldErrors(e, t, formValues(form))),
  });
  return (
    <FormModal
      title={segment ? t('ledger.segments.editTitle', { name: segment.name }) : t('ledger.segments.createTitle')}
      size="lg"
      onClose={onClose}
      onSubmit={form.onSubmit((v) => save.mutate(v))}
      hasErrors={Object.keys(form.errors).length > 0}
      errorSummary={t('ledger.form.errorSummary')}
      error={save.error}
      submitLabel={segment ? t('ledger.form.submitEdit') : t('ledger.segments.submitCreate')}
      loading={save.isPending}
    >
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 8 }}>
          <TextInput label={t('ledger.segments.fields.name')} required data-autofocus maxLength={100} {...form.getInputProps('name')} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 4 }}>
          <NumberInput label={t('ledger.segments.fields.vlan')} description={t('ledger.segments.help.vlan')} min={1} max={4094} allowDecimal={false} allowNegative={false} hideControls {...form.getInputProps('vlan')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Select label={t('ledger.segments.fields.purpose')} required data={labels.purposeOptions} placeholder={t('common.selectPlaceholder')} allowDeselect={false} {...form.getInputProps('purpose')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <TagsInput label={t('ledger.segments.fields.cidrs')} description={t('ledger.segments.help.cidrs')} splitChars={[',', ' ', ';']} classNames={{ input: 'mono' }} {...form.getInputProps('cidrs')} />
        </Grid.Col>
        <Grid.Col span={12}>
          <Textarea label={t('ledger.segments.fields.notes')} autosize minRows={2} maxRows={6} maxLength={4000} {...form.getInputProps('notes')} />
        </Grid.Col>
      </Grid>
    </FormModal>
  );
}
