import { useState, type FormEvent } from 'react';
import { Alert, Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import { ReasonField } from '../../components/ReasonField.tsx';
import { defaultExpiry } from '../../../shared/connections.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import type { TConnection, TConnectionDetail } from '../../../shared/contracts/connections.contract.ts';
import { ConnectionFlagBadges } from './ConnectionFlagBadges.tsx';
import { connectionFieldErrors, connectionPath, todayJst, useConnectionChanged, type ConnectionLifecycleAction } from './connections.ts';

/**
 * One lifecycle step on a connection, in a modal: approve (the approval's last day, defaulting to today + the
 * review interval, and a comment), reject (a reason is required), activate, retire (destructive, names the
 * connection), resubmit.
 * The server records the history event; on success the lists and the detail are refreshed and a toast says so.
 */
export function ConnectionActionModal({
  facilityId,
  connection,
  action,
  onClose,
  onDone,
}: {
  facilityId: string;
  connection: TConnection;
  action: ConnectionLifecycleAction;
  onClose: () => void;
  onDone?: (c: TConnectionDetail) => void;
}) {
  const { t } = useTranslation();
  const changed = useConnectionChanged();
  const [today] = useState(todayJst);
  const [expiresOn, setExpiresOn] = useState(() => defaultExpiry(today, connection.reviewIntervalMonths));
  const [comment, setComment] = useState('');
  const [errors, setErrors] = useState<{ expiresOn?: string; comment?: string }>({});
  const name = connection.name;

  const run = useMutation({
    mutationFn: () => {
      const text = comment.trim() || null;
      const body = action === 'approve' ? { expiresOn, comment: text } : action === 'reject' ? { comment: comment.trim() } : { comment: text };
      return api.post<TConnectionDetail>(connectionPath.action(facilityId, connection.id, action), body);
    },
    onSuccess: (c) => {
      changed(facilityId, c);
      notify(t(`connections.actions.done.${action}`, { name: c.name }));
      onClose();
      onDone?.(c);
    },
    onError: (e) => {
      const found = connectionFieldErrors(e, t, { expiresOn, comment });
      if (Object.keys(found).length > 0) setErrors(found);
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (action === 'approve') {
      if (!isIsoDate(expiresOn)) next.expiresOn = t('connections.issues.invalid_date');
      else if (expiresOn < today) next.expiresOn = t('connections.issues.expires_before_today');
    }
    if (action === 'reject' && !comment.trim()) next.comment = t('connections.actions.reasonRequired');
    setErrors(next);
    if (Object.keys(next).length > 0) {
      document.getElementById(next.expiresOn ? 'connection-action-expires' : 'connection-action-comment')?.focus();
      return;
    }
    run.mutate();
  };

  const danger = action === 'retire' || action === 'reject';
  const title = t(`connections.actions.titles.${action}`, { name });
  return (
    <Modal opened onClose={onClose} title={title} size="lg" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <form noValidate onSubmit={submit}>
        <Stack gap="md">
          {action === 'retire' ? (
            <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />}>
              {t('connections.actions.retireConfirm', { name })}
            </Alert>
          ) : null}
          <Text size="sm">{t(`connections.actions.intros.${action}`)}</Text>
          {action === 'approve' && connection.flags.length > 0 ? (
            <Stack gap={6}>
              <Text size="sm" fw={700}>
                {t('connections.actions.flagsBeforeApproval')}
              </Text>
              <ConnectionFlagBadges flags={connection.flags} />
            </Stack>
          ) : null}
          {action === 'approve' ? (
            <TextInput
              id="connection-action-expires"
              type="date"
              label={t('connections.fields.expiresOn')}
              description={t('connections.actions.expiresOnHelp', { count: connection.reviewIntervalMonths })}
              required
              min={today}
              value={expiresOn}
              onChange={(e) => setExpiresOn(e.currentTarget.value)}
              error={errors.expiresOn}
              maw={320}
            />
          ) : null}
          <ReasonField
            id="connection-action-comment"
            label={action === 'reject' ? t('connections.actions.reason') : t('connections.actions.comment')}
            description={t(`connections.actions.commentHelp.${action}`)}
            required={action === 'reject'}
            value={comment}
            onChange={setComment}
            error={errors.comment}
            data-autofocus={action === 'retire' ? undefined : true}
          />
          {run.error && Object.keys(errors).length === 0 ? <ErrorAlert error={run.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={onClose} data-autofocus={action === 'retire' ? true : undefined}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color={danger ? 'red' : undefined} loading={run.isPending}>
              {t(`connections.actions.submit.${action}`)}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
