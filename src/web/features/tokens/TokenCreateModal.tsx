import { useState } from 'react';
import { Alert, Button, Checkbox, Code, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TApiTokenCreate, TApiTokenCreated } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { applyFieldIssues } from '../../components/errors.ts';
import { useLabels } from '../../components/options.ts';
import { useValidators } from '../../components/validation.ts';
import { TOKEN_SCOPES, type TokenScope } from '../../../shared/policy.ts';
import { useSession } from '../session/SessionContext.tsx';
import { TOKENS_KEY } from './tokens.ts';

interface Values {
  name: string;
  scopes: string[];
  facilityId: string;
  expiresInDays: number | string;
}

/** Create an API token; the secret is shown once, with a copy button. */
export function TokenCreateModal({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const v = useValidators();
  const qc = useQueryClient();
  const { facilityOptions } = useSession();
  const [created, setCreated] = useState<TApiTokenCreated | null>(null);
  const form = useForm<Values>({
    mode: 'controlled',
    initialValues: { name: '', scopes: [], facilityId: '', expiresInDays: 90 },
    validate: {
      name: v.name(100),
      scopes: (s) => (s.length === 0 ? t('tokens.create.scopesRequired') : null),
      expiresInDays: (d) => {
        const n = typeof d === 'number' ? d : Number(d);
        return Number.isInteger(n) && n >= 1 && n <= 366 ? null : t('tokens.create.expiryRange');
      },
    },
  });
  const create = useMutation({
    mutationFn: (values: Values) => {
      const body: TApiTokenCreate = {
        name: values.name.trim(),
        scopes: values.scopes as TokenScope[],
        facilityId: values.facilityId || null,
        expiresInDays: Number(values.expiresInDays),
      };
      return api.post<TApiTokenCreated>('/me/tokens', body);
    },
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: TOKENS_KEY });
      setCreated(r);
    },
    onError: (e) => applyFieldIssues(form, e, t),
  });

  return (
    <Modal
      opened
      onClose={onClose}
      title={created ? t('tokens.created.title', { name: created.apiToken.name }) : t('tokens.create.title')}
      size="lg"
      closeOnClickOutside={!created}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {created ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('tokens.created.onceTitle')}>
            {t('tokens.created.once')}
          </Alert>
          <Code block data-testid="api-token-value" style={{ fontSize: '0.95rem', wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {created.token}
          </Code>
          <Group justify="space-between">
            <CopyButton value={created.token} label={t('tokens.created.copy')} />
            <Button onClick={onClose}>{t('tokens.created.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={form.onSubmit((values) => create.mutate(values))}>
          <Stack gap="md">
            <Text size="sm" c="dimmed">
              {t('common.requiredNote')}
            </Text>
            <TextInput label={t('tokens.fields.name')} description={t('tokens.create.nameHelp')} required data-autofocus {...form.getInputProps('name')} />
            <Checkbox.Group label={t('tokens.fields.scopes')} description={t('tokens.create.scopesHelp')} required {...form.getInputProps('scopes')}>
              <Stack gap={6} mt="xs">
                {TOKEN_SCOPES.map((s) => (
                  <Checkbox key={s} value={s} label={labels.scope(s)} description={s} />
                ))}
              </Stack>
            </Checkbox.Group>
            <Select
              label={t('tokens.fields.facility')}
              description={t('tokens.create.facilityHelp')}
              data={[{ value: '', label: t('tokens.allFacilities') }, ...facilityOptions.map((f) => ({ value: f.id, label: f.name }))]}
              allowDeselect={false}
              {...form.getInputProps('facilityId')}
            />
            <NumberInput label={t('tokens.fields.expiresInDays')} required min={1} max={366} allowDecimal={false} allowNegative={false} suffix={t('tokens.create.daysSuffix')} {...form.getInputProps('expiresInDays')} />
            {create.error ? <ErrorAlert error={create.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={create.isPending}>
                {t('tokens.create.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
