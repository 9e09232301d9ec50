import { ActionIcon, Button, Checkbox, Fieldset, Grid, Group, Modal, PasswordInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { notify } from '../../components/notify.ts';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TUser, TUserCreate } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { useLabels } from '../../components/options.ts';
import { PasswordRules } from '../../components/PasswordRules.tsx';
import { useValidators } from '../../components/validation.ts';
import { LOCALES } from '../../i18n/index.ts';
import { useLocale } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { FacilityRole } from '../../../shared/roles.ts';
import type { Locale } from '../../../shared/errors.ts';
import { usePermissions } from '../session/permissions.ts';
import { useSession } from '../session/SessionContext.tsx';
import { useUserUpdated } from './users.ts';

interface RoleRow {
  key: string;
  role: string;
  facilityId: string | null;
}
interface Values {
  email: string;
  displayName: string;
  password: string;
  locale: string;
  isAdmin: boolean;
  roles: RoleRow[];
}

let rowSeq = 0;
const rowKey = () => `row-${++rowSeq}`;

export function UserCreateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const v = useValidators();
  const locale = useLocale();
  const perm = usePermissions();
  const { currentFacility, facilityName } = useSession();
  const navigate = useNavigate();
  const stored = useUserUpdated();
  const manageable = perm.facilityIdsWith('user.manage');
  const facilityChoices = manageable.map((id) => ({ value: id, label: facilityName(id) }));
  const firstFacility = currentFacility && manageable.includes(currentFacility.id) ? currentFacility.id : (manageable[0] ?? null);

  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: {
      email: '',
      displayName: '',
      password: '',
      locale,
      isAdmin: false,
      roles: [{ key: rowKey(), role: 'staff', facilityId: firstFacility }],
    },
    validate: {
      email: v.email,
      displayName: v.name(100),
      password: (value, values) => v.password(value, values.email),
      roles: { role: v.required, facilityId: v.required },
    },
  });

  const create = useMutation({
    mutationFn: (values: Values) => {
      const body: TUserCreate = {
        email: values.email.trim(),
        displayName: values.displayName.trim(),
        password: values.password,
        locale: values.locale as Locale,
        isAdmin: perm.isAdmin ? values.isAdmin : false,
        roles: values.roles.flatMap((r) => (r.facilityId ? [{ role: r.role as FacilityRole, facilityId: r.facilityId }] : [])),
      };
      return api.post<TUser>('/users', body);
    },
    onSuccess: (u) => {
      stored(u);
      notify(t('users.create.done', { name: u.displayName }));
      onClose();
      void navigate(PATHS.user(u.id));
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });

  return (
    <Modal opened onClose={onClose} title={t('users.create.title')} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={form.onSubmit((values) => create.mutate(values))}>
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {t('common.requiredNote')}
          </Text>
          <Grid gutter="md">
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('users.fields.email')} type="email" required autoComplete="off" data-autofocus {...form.getInputProps('email')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <TextInput label={t('users.fields.name')} required autoComplete="off" {...form.getInputProps('displayName')} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <PasswordInput
                label={t('users.create.password')}
                description={t('users.create.passwordHelp')}
                required
                autoComplete="new-password"
                visibilityToggleButtonProps={{ 'aria-label': t('password.toggleVisibility') }}
                {...form.getInputProps('password')}
              />
            </Grid.Col>
            <Grid.Col span={{ base: 12, sm: 6 }}>
              <Select
                label={t('users.fields.locale')}
                data={LOCALES.map((l) => ({ value: l, label: t(`language.names.${l}`) }))}
                allowDeselect={false}
                {...form.getInputProps('locale')}
              />
            </Grid.Col>
            <Grid.Col span={12}>
              <PasswordRules id="create-user-password-rules" password={form.values.password} email={form.values.email} />
            </Grid.Col>
          </Grid>

          <Fieldset legend={t('users.create.rolesLegend')}>
            <Stack gap="sm">
              {form.values.roles.map((row, i) => (
                <Group key={row.key} align="flex-end" gap="xs" wrap="nowrap">
                  <Select
                    label={t('users.fields.role')}
                    required
                    data={labels.roleOptions}
                    allowDeselect={false}
                    style={{ flex: 1 }}
                    {...form.getInputProps(`roles.${i}.role`)}
                  />
                  <Select
                    label={t('users.fields.facility')}
                    required
                    data={facilityChoices}
                    allowDeselect={false}
                    placeholder={t('common.selectPlaceholder')}
                    style={{ flex: 1 }}
                    {...form.getInputProps(`roles.${i}.facilityId`)}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    mb={form.errors[`roles.${i}.facilityId`] || form.errors[`roles.${i}.role`] ? 24 : 2}
                    onClick={() => form.removeListItem('roles', i)}
                    aria-label={t('users.create.removeRole', { n: i + 1 })}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                </Group>
              ))}
              {form.values.roles.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('users.create.noRoles')}
                </Text>
              ) : null}
              <Group>
                <Button
                  variant="default"
                  size="xs"
                  leftSection={<IconPlus size={14} aria-hidden />}
                  onClick={() => form.insertListItem('roles', { key: rowKey(), role: 'staff', facilityId: firstFacility })}
                >
                  {t('users.create.addRole')}
                </Button>
              </Group>
            </Stack>
          </Fieldset>

          {perm.isAdmin ? (
            <Checkbox label={t('users.create.isAdmin')} description={t('users.create.isAdminHelp')} {...form.getInputProps('isAdmin', { type: 'checkbox' })} />
          ) : null}

          {create.error ? <ErrorAlert error={create.error} /> : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t('users.create.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
