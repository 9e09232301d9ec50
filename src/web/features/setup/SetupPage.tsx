import { Alert, Button, Divider, Grid, List, NumberInput, PasswordInput, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { Ok, TSetupRequest, TSetupStatus } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { useLabels } from '../../components/options.ts';
import { PasswordRules } from '../../components/PasswordRules.tsx';
import { toNullableInt, useValidators } from '../../components/validation.ts';
import { setFlash } from '../../lib/flash.ts';
import { useLocale } from '../../lib/format.ts';
import type { FacilityKind, Prefecture } from '../../../shared/roles.ts';
import { AuthLayout } from '../auth/AuthLayout.tsx';
import { SETUP_STATUS_KEY } from '../session/session.ts';

interface SetupValues {
  facilityCode: string;
  facilityName: string;
  facilityKind: string;
  beds: number | string;
  prefecture: string | null;
  adminEmail: string;
  adminName: string;
  adminPassword: string;
  adminPasswordConfirm: string;
}

/** First run: the first facility and the first administrator. There is no default password. */
export function SetupPage() {
  const { t } = useTranslation();
  const labels = useLabels();
  const v = useValidators();
  const locale = useLocale();
  const qc = useQueryClient();
  const navigate = useNavigate();

  const form = useForm<SetupValues>({
    mode: 'controlled',
    initialValues: {
      facilityCode: '',
      facilityName: '',
      facilityKind: 'hospital',
      beds: '',
      prefecture: null,
      adminEmail: '',
      adminName: '',
      adminPassword: '',
      adminPasswordConfirm: '',
    },
    validate: {
      facilityCode: v.facilityCode,
      facilityName: v.name(200),
      facilityKind: v.required,
      beds: v.beds,
      adminEmail: v.email,
      adminName: v.name(100),
      adminPassword: (value, values) => v.password(value, values.adminEmail),
      adminPasswordConfirm: (value, values) => v.confirm(value, values.adminPassword),
    },
  });

  const setup = useMutation({
    mutationFn: (values: SetupValues) => {
      const body: TSetupRequest = {
        facilityCode: values.facilityCode.trim(),
        facilityName: values.facilityName.trim(),
        facilityKind: values.facilityKind as FacilityKind,
        beds: toNullableInt(values.beds),
        prefecture: (values.prefecture as Prefecture | null) ?? null,
        adminEmail: values.adminEmail.trim(),
        adminName: values.adminName.trim(),
        adminPassword: values.adminPassword,
        locale,
      };
      return api.post<Ok>('/setup', body);
    },
    onSuccess: () => {
      qc.setQueryData<TSetupStatus>(SETUP_STATUS_KEY, (old) => ({ needsSetup: false, version: old?.version ?? '' }));
      setFlash('setupDone');
      void navigate('/login', { replace: true });
    },
    onError: (e) => {
      if (e instanceof Error && 'code' in e && e.code === 'ALREADY_SET_UP') {
        qc.setQueryData<TSetupStatus>(SETUP_STATUS_KEY, (old) => ({ needsSetup: false, version: old?.version ?? '' }));
        void navigate('/login', { replace: true });
        return;
      }
      applyFieldIssues(form, e, t);
    },
  });

  return (
    <AuthLayout title={t('setup.title')} description={t('setup.description')} size={720}>
      <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('setup.intro.title')}>
        <List size="sm" spacing={4}>
          <List.Item>{t('setup.intro.noDefaultPassword')}</List.Item>
          <List.Item>{t('setup.intro.mfa')}</List.Item>
          <List.Item>{t('setup.intro.moreLater')}</List.Item>
        </List>
      </Alert>
      <Text size="sm" c="dimmed">
        {t('common.requiredNote')}
      </Text>
      <form noValidate onSubmit={form.onSubmit((values) => setup.mutate(values))}>
        <Stack gap="md">
          <Title order={2} size="h4">
            {t('setup.facility.heading')}
          </Title>
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, sm: 5 }}>
              <TextInput label={t('setup.facility.code')} description={t('setup.facility.codeHelp')} required autoComplete="off" {...form.getInputProps('facilityCode')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 7 }}>
              <TextInput label={t('setup.facility.name')} description={t('setup.facility.nameHelp')} required autoComplete="organization" {...form.getInputProps('facilityName')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select label={t('setup.facility.kind')} required data={labels.facilityKindOptions} allowDeselect={false} {...form.getInputProps('facilityKind')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <NumberInput label={t('setup.facility.beds')} min={0} max={100000} allowDecimal={false} allowNegative={false} thousandSeparator="," {...form.getInputProps('beds')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 4 }}>
              <Select
                label={t('setup.facility.prefecture')}
                placeholder={t('common.selectPlaceholder')}
                data={labels.prefectureOptions}
                searchable
                clearable
                nothingFoundMessage={t('common.nothingFound')}
                {...form.getInputProps('prefecture')}
              />
            </Grid.Col>
          </Grid>

          <Divider my="xs" />
          <Title order={2} size="h4">
            {t('setup.admin.heading')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('setup.admin.help')}
          </Text>
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('setup.admin.email')} type="email" required autoComplete="username" {...form.getInputProps('adminEmail')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('setup.admin.name')} required autoComplete="name" {...form.getInputProps('adminName')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t('setup.admin.password')}
                required
                autoComplete="new-password"
                aria-describedby="setup-password-rules"
                visibilityToggleButtonProps={{ 'aria-label': t('password.toggleVisibility') }}
                {...form.getInputProps('adminPassword')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t('setup.admin.passwordConfirm')}
                required
                autoComplete="new-password"
                visibilityToggleButtonProps={{ 'aria-label': t('password.toggleVisibility') }}
                {...form.getInputProps('adminPasswordConfirm')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <PasswordRules id="setup-password-rules" password={form.values.adminPassword} email={form.values.adminEmail} />
            </Grid.Col>
          </Grid>

          {setup.error ? <ErrorAlert error={setup.error} /> : null}
          <Button type="submit" size="md" loading={setup.isPending}>
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  );
}
