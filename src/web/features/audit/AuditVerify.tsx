import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertTriangle, IconShieldCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TAuditVerify } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useFormat } from '../../lib/format.ts';

/** Tamper check (audit verify): recomputes the hash chain on the server and says the result in one sentence. */
export function AuditVerifyButton({ onResult }: { onResult: (r: TAuditVerify | Error) => void }) {
  const { t } = useTranslation();
  const verify = useMutation({
    mutationFn: () => api.get<TAuditVerify>('/audit/verify'),
    onSuccess: onResult,
    onError: onResult,
  });
  return (
    <Button variant="default" leftSection={<IconShieldCheck size={16} aria-hidden />} loading={verify.isPending} onClick={() => verify.mutate()}>
      {t('audit.verify.button')}
    </Button>
  );
}

export function AuditVerifyResult({ result, onClose }: { result: TAuditVerify | Error; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  if (result instanceof Error) return <ErrorAlert error={result} onClose={onClose} />;
  const count = fmt.number(result.checked);
  if (result.ok) {
    return (
      <Alert color="green" variant="light" icon={<IconShieldCheck aria-hidden />} title={t('audit.verify.okTitle')} role="status" withCloseButton closeButtonLabel={t('common.close')} onClose={onClose} data-testid="audit-verify-result">
        {t('audit.verify.ok', { count })}
      </Alert>
    );
  }
  return (
    <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('audit.verify.brokenTitle')} role="alert" withCloseButton closeButtonLabel={t('common.close')} onClose={onClose} data-testid="audit-verify-result">
      <Stack gap={4}>
        <span>
          {result.firstBrokenSeq !== null
            ? t('audit.verify.broken', { count, seq: fmt.number(result.firstBrokenSeq) })
            : t('audit.verify.brokenNoSeq', { count })}
        </span>
        {result.reason ? <span>{t(`audit.verify.reasons.${result.reason}`)}</span> : null}
        <span>{t('audit.verify.brokenAdvice')}</span>
      </Stack>
    </Alert>
  );
}
