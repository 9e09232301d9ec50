import { Box, Button, Code, Group, Image, List, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TMfaEnrollStart, TRecoveryCodes } from '../../api/types.ts';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useValidators } from '../../components/validation.ts';

/**
 * TOTP enrolment: QR code, the secret for manual entry, and the first code to confirm.
 * The start call runs once per mount (a query, so React's double effects do not create two secrets).
 */
export function MfaEnrollPanel({ userId, onEnrolled, headingLevel = 2 }: { userId: string; onEnrolled: (codes: string[]) => void; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const v = useValidators();
  const start = useQuery({
    queryKey: ['mfa-enroll-start', userId],
    queryFn: () => api.post<TMfaEnrollStart>('/auth/mfa/enroll/start'),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
  });
  const form = useForm({ mode: 'controlled', initialValues: { code: '' }, validate: { code: v.totp } });
  const confirm = useMutation({
    mutationFn: (code: string) => api.post<TRecoveryCodes>('/auth/mfa/enroll/confirm', { code }),
    onSuccess: (r) => onEnrolled(r.recoveryCodes),
    onError: () => form.setFieldValue('code', ''),
  });

  if (start.isPending) return <Loading label={t('auth.enroll.preparing')} />;
  if (start.error) {
    return (
      <Stack>
        <ErrorAlert error={start.error} />
        <Button variant="default" onClick={() => void start.refetch()}>
          {t('common.retry')}
        </Button>
      </Stack>
    );
  }
  const { secret, qrDataUrl } = start.data;
  return (
    <Stack gap="md">
      <List type="ordered" size="sm" spacing="xs">
        <List.Item>{t('auth.enroll.step1')}</List.Item>
        <List.Item>{t('auth.enroll.step2')}</List.Item>
        <List.Item>{t('auth.enroll.step3')}</List.Item>
      </List>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
        <Box ta="center">
          <Image src={qrDataUrl} alt={t('auth.enroll.qrAlt')} w={200} h={200} mx="auto" fit="contain" style={{ imageRendering: 'pixelated' }} />
        </Box>
        <Stack gap="xs">
          <Title order={headingLevel} size="h5">
            {t('auth.enroll.manualTitle')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('auth.enroll.manualHelp')}
          </Text>
          <Code block data-testid="mfa-secret" style={{ fontSize: '1rem', letterSpacing: '0.08em', wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
            {secret}
          </Code>
          <Group>
            <CopyButton value={secret} size="xs" label={t('auth.enroll.copySecret')} />
          </Group>
        </Stack>
      </SimpleGrid>
      <form noValidate onSubmit={form.onSubmit((values) => confirm.mutate(values.code.replace(/\s/g, '')))}>
        <Stack gap="md">
          <TextInput label={t('auth.enroll.code')} description={t('auth.enroll.codeHelp')} required inputMode="numeric" autoComplete="one-time-code" maxLength={7} size="md" classNames={{ input: 'mono' }} {...form.getInputProps('code')} />
          {confirm.error ? <ErrorAlert error={confirm.error} /> : null}
          <Button type="submit" size="md" loading={confirm.isPending}>
            {t('auth.enroll.submit')}
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
