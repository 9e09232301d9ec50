import { Button, Grid, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TFacility, TFacilityCreate, TFacilityUpdate } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { useLabels } from '../../components/options.ts';
import { toNullableInt, useValidators } from '../../components/validation.ts';
import type { FacilityKind, Prefecture } from '../../../shared/roles.ts';
import { FACILITIES_KEY } from '../session/SessionContext.tsx';

interface Values {
  code: string;
  name: string;
  kind: string;
  beds: number | string;
  prefecture: string | null;
  medicalInstitutionCode: string;
}

function initial(f: TFacility | null): Values {
  return {
    code: f?.code ?? '',
    name: f?.name ?? '',
    kind: f?.kind ?? 'hospital',
    beds: f?.beds ?? '',
    prefecture: f?.prefecture ?? null,
    medicalInstitutionCode: f?.medicalInstitutionCode ?? '',
  };
}

/** Add (facility = null) or edit a facility. Mount with a key so the form starts from the facility. */
export function FacilityFormModal({ facility, opened, onClose }: { facility: TFacility | null; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const v = useValidators();
  const qc = useQueryClient();
  const editing = facility !== null;
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: initial(facility),
    validate: {
      code: (value) => (editing ? null : v.facilityCode(value)),
      name: v.name(200),
      kind: v.required,
      beds: v.beds,
      medicalInstitutionCode: v.medicalInstitutionCode,
    },
  });
  const save = useMutation({
    mutationFn: (values: Values) => {
      const common = {
        name: values.name.trim(),
        kind: values.kind as FacilityKind,
        beds: toNullableInt(values.beds),
        prefecture: (values.prefecture as Prefecture | null) ?? null,
        medicalInstitutionCode: values.medicalInstitutionCode.trim() || null,
      } satisfies TFacilityUpdate;
      if (facility) return api.patch<TFacility>(`/facilities/${encodeURIComponent(facility.id)}`, common);
      const body: TFacilityCreate = { code: values.code.trim(), ...common };
      return api.post<TFacility>('/facilities', body);
    },
    onSuccess: (saved) => {
      void qc.invalidateQueries({ queryKey: FACILITIES_KEY });
      notify(editing ? t('facilities.form.updated', { name: saved.name }) : t('facilities.form.created', { name: saved.name }));
      onClose();
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing ? t('facilities.form.editTitle', { name: facility.name }) : t('facilities.form.createTitle')}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form noValidate onSubmit={form.onSubmit((values) => save.mutate(values))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('common.requiredNote')}
          </Text>
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput
                label={t('facilities.fields.code')}
                description={editing ? t('facilities.form.codeFixed') : t('setup.facility.codeHelp')}
                required={!editing}
                disabled={editing}
                autoComplete="off"
                data-autofocus={!editing || undefined}
                {...form.getInputProps('code')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <TextInput label={t('facilities.fields.name')} required data-autofocus={editing || undefined} {...form.getInputProps('name')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select label={t('facilities.fields.kind')} required data={labels.facilityKindOptions} allowDeselect={false} {...form.getInputProps('kind')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NumberInput label={t('facilities.fields.beds')} min={0} max={100000} allowDecimal={false} allowNegative={false} thousandSeparator="," {...form.getInputProps('beds')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select
                label={t('facilities.fields.prefecture')}
                placeholder={t('common.selectPlaceholder')}
                data={labels.prefectureOptions}
                searchable
                clearable
                nothingFoundMessage={t('common.nothingFound')}
                comboboxProps={{ withinPortal: true }}
                {...form.getInputProps('prefecture')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <TextInput
                label={t('facilities.fields.medicalInstitutionCode')}
                description={t('facilities.form.medicalInstitutionCodeHelp')}
                inputMode="numeric"
                maxLength={10}
                classNames={{ input: 'mono' }}
                {...form.getInputProps('medicalInstitutionCode')}
              />
            </Grid.Col>
          </Grid>
          {save.error ? <ErrorAlert error={save.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {editing ? t('common.save') : t('facilities.form.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
