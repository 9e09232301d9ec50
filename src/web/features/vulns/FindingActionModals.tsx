import { useState, type FormEvent } from 'react';
import { Alert, Button, Checkbox, Group, List, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconSignature } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { issueField } from '../../components/errors.ts';
import { notify } from '../../components/notify.ts';
import { ReasonField } from '../../components/ReasonField.tsx';
import { useFormat } from '../../lib/format.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import { REASON_REQUIRED, type FindingStatus } from '../../../shared/vulns/domain.ts';
import { todayJst } from '../connections/connections.ts';
import { maxAcceptDate, useVulnLabels, useVulnsChanged, vulnPath, type TFindingDetail } from './vulns.ts';

/** Status changes made with the status action (accepting a risk has its own dialog). */
export type StatusTarget = Exclude<FindingStatus, 'accepted'>;

/** The field a failed request named, if it is one of the dialog's fields. */
function issueOn(error: unknown, field: string): boolean {
  return isApiError(error) && error.issues.some((i) => issueField(i.path) === field);
}

/**
 * One status change of a finding: in progress / fixed / mitigated / false positive / reopen, with a reason (required
 * for mitigated and false positive). The server records the history; the views refresh and a toast says so.
 */
export function StatusChangeModal({ facilityId, finding, status, onClose }: { facilityId: string; finding: TFindingDetail; status: StatusTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  const changed = useVulnsChanged();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>();
  const required = REASON_REQUIRED.includes(status);
  const run = useMutation({
    mutationFn: () => api.post<TFindingDetail>(vulnPath.findingStatus(facilityId, finding.id), { status, reason: reason.trim() || null }),
    onSuccess: (d) => {
      changed(facilityId, d);
      notify(t('vulns.actions.done', { vuln: d.vuln.id, status: labels.status(d.status) }));
      onClose();
    },
    onError: (e) => {
      if (issueOn(e, 'reason')) setError(t('vulns.actions.reasonRequired'));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (required && !reason.trim()) {
      setError(t('vulns.actions.reasonRequired'));
      document.getElementById('finding-status-reason')?.focus();
      return;
    }
    setError(undefined);
    run.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t(`vulns.actions.titles.${status}`, { vuln: finding.vuln.id })} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          <Text size="sm">{t(`vulns.actions.intros.${status}`, { asset: finding.asset.name })}</Text>
          <ReasonField
            id="finding-status-reason"
            label={required ? t('vulns.actions.reason') : t('vulns.actions.comment')}
            description={t(`vulns.actions.reasonHelp.${status}`)}
            required={required}
            value={reason}
            onChange={setReason}
            error={error}
            data-autofocus
          />
          {run.error && !error ? <ErrorAlert error={run.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={run.isPending}>
              {t(`vulns.actions.buttons.${status}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/**
 * Accepting a risk (executive only): a reason, the last day the acceptance holds (at most the policy's months ahead), an
 * explicit sign-off checkbox before the button enables, then a confirmation of what is being signed.
 */
export function AcceptRiskModal({ facilityId, finding, maxMonths, onClose }: { facilityId: string; finding: TFindingDetail; maxMonths: number; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const changed = useVulnsChanged();
  const [today] = useState(todayJst);
  const latest = maxAcceptDate(today, maxMonths);
  const [reason, setReason] = useState('');
  const [until, setUntil] = useState(() => maxAcceptDate(today, Math.min(3, maxMonths)));
  const [signed, setSigned] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<{ reason?: string; until?: string }>({});
  const run = useMutation({
    mutationFn: () => api.post<TFindingDetail>(vulnPath.findingAccept(facilityId, finding.id), { reason: reason.trim(), until }),
    onSuccess: (d) => {
      changed(facilityId, d);
      notify(t('vulns.accept.done', { vuln: d.vuln.id, date: d.acceptedUntil ? fmt.date(d.acceptedUntil) : '' }));
      onClose();
    },
    onError: (e) => {
      const next: typeof errors = {};
      if (issueOn(e, 'reason')) next.reason = t('vulns.accept.reasonRequired');
      if (issueOn(e, 'until')) next.until = t('vulns.accept.untilRange', { date: fmt.date(latest) });
      if (Object.keys(next).length > 0) {
        setErrors(next);
        setConfirming(false);
      }
    },
  });
  const check = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!reason.trim()) next.reason = t('vulns.accept.reasonRequired');
    if (!isIsoDate(until) || until <= today || until > latest) next.until = t('vulns.accept.untilRange', { date: fmt.date(latest) });
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(next.reason ? 'accept-reason' : 'accept-until')?.focus();
      return;
    }
    setConfirming(true);
  };
  const title = t('vulns.accept.title', { vuln: finding.vuln.id });
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      {confirming ? (
        <Stack gap="md">
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('vulns.accept.confirmTitle')}>
            {t('vulns.accept.confirm', { asset: finding.asset.name, vuln: finding.vuln.id })}
          </Alert>
          <List size="sm" spacing={4}>
            <List.Item>{t('vulns.accept.summaryUntil', { date: fmt.date(until) })}</List.Item>
            <List.Item>
              <Text size="sm" span style={{ whiteSpace: 'pre-wrap' }}>
                {t('vulns.accept.summaryReason', { reason: reason.trim() })}
              </Text>
            </List.Item>
          </List>
          {run.error ? <ErrorAlert error={run.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirming(false)} data-autofocus>
              {t('vulns.accept.back')}
            </Button>
            <Button color="orange" leftSection={<IconSignature size={16} aria-hidden />} loading={run.isPending} onClick={() => run.mutate()}>
              {t('vulns.accept.sign')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form noValidate onSubmit={check}>
          <Stack gap="md">
            <Text size="sm">{t('vulns.accept.intro', { asset: finding.asset.name })}</Text>
            {finding.vuln.kev ? (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
                {t('vulns.accept.kevWarning')}
              </Alert>
            ) : null}
            <ReasonField
              id="accept-reason"
              label={t('vulns.accept.reason')}
              description={t('vulns.accept.reasonHelp')}
              required
              value={reason}
              onChange={setReason}
              error={errors.reason}
              data-autofocus
            />
            <TextInput
              id="accept-until"
              type="date"
              label={t('vulns.accept.until')}
              description={t('vulns.accept.untilHelp', { count: maxMonths, date: fmt.date(latest) })}
              required
              min={today}
              max={latest}
              value={until}
              onChange={(e) => setUntil(e.currentTarget.value)}
              error={errors.until}
              maw={320}
            />
            <Checkbox label={t('vulns.accept.signOff')} description={t('vulns.accept.signOffHelp')} checked={signed} onChange={(e) => setSigned(e.currentTarget.checked)} />
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="orange" disabled={!signed}>
                {t('vulns.accept.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
