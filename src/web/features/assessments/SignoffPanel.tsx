import { useState } from 'react';
import { Alert, Anchor, Button, Group, List, Modal, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconArrowBackUp, IconCircleCheck, IconSend, IconSignature } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../api/client.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import { SectionCard } from '../../components/SectionCard.tsx';
import { useFormat } from '../../lib/format.ts';
import { frameworkItems } from '../../../shared/assessments/framework.ts';
import type { SignoffRole } from '../../../shared/assessments/types.ts';
import { assessmentPath, useAssessmentLabels, useAssessmentsChanged, type TAssessmentDetail } from './assessments.ts';
import { useReasonText } from './reasonText.ts';

/**
 * Sign-off: the security manager's and the executive's signatures (both lock the assessment). When the server refuses
 * because items are incomplete, the items are listed with what is missing and a link that opens each.
 */
export function SignoffPanel({ detail, onOpenItem }: { detail: TAssessmentDetail; onOpenItem: (itemId: string) => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const reasons = useReasonText();
  const changed = useAssessmentsChanged();
  const a = detail.assessment;
  const [asking, setAsking] = useState<SignoffRole | null>(null);
  const [comment, setComment] = useState('');
  const sign = useMutation({
    mutationFn: (role: SignoffRole) => api.post(assessmentPath.signoff(a.id), { role, ...(comment.trim() ? { comment: comment.trim() } : {}) }),
    onSuccess: () => {
      changed();
      notify(t('assessments.signoff.done'));
      setAsking(null);
      setComment('');
    },
    onError: () => setAsking(null),
  });
  const items = new Map(frameworkItems(detail.framework).map((i) => [i.id, i]));
  const missing = isApiError(sign.error) && sign.error.code === 'VALIDATION_FAILED' ? sign.error.issues : [];
  const name = a.title ?? labels.text(a.frameworkTitle);
  const roleName = (r: SignoffRole) => t(`assessments.signoff.${r}`);
  const open = a.status === 'in_progress';
  const row = (role: SignoffRole, allowed: boolean) => {
    const s = a.signoff[role];
    return (
      <Stack gap={4}>
        <Text size="sm" fw={700}>
          {roleName(role)}
        </Text>
        {s ? (
          <Group gap={4}>
            <IconCircleCheck size={16} color="var(--mantine-color-green-8)" aria-hidden />
            <Text size="sm">{t('assessments.signoff.signed', { by: s.by, at: fmt.dateTime(s.at) })}</Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {t('assessments.signoff.notSigned')}
          </Text>
        )}
        {!s && allowed && open ? (
          <Group>
            <Button size="compact-sm" leftSection={<IconSignature size={14} aria-hidden />} onClick={() => setAsking(role)} aria-label={t('assessments.signoff.signAs', { role: roleName(role) })}>
              {t('assessments.signoff.sign')}
            </Button>
          </Group>
        ) : null}
      </Stack>
    );
  };
  return (
    <SectionCard id="assessment-signoff" title={t('assessments.signoff.title')} icon={<IconSignature size={20} aria-hidden />}>
      <Stack gap="sm">
        <Text size="sm">{t('assessments.signoff.description')}</Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {row('manager', detail.allowed.signManager)}
          {row('executive', detail.allowed.signExecutive)}
        </SimpleGrid>
        {missing.length > 0 ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('assessments.signoff.missingTitle', { count: missing.length })} role="alert">
            <List size="sm" spacing={2}>
              {missing.slice(0, 50).map((m, i) => {
                const item = items.get(m.path.replace(/^body\./, ''));
                return (
                  <List.Item key={`${m.path}-${i}`}>
                    {item ? (
                      <Anchor component="button" type="button" size="sm" onClick={() => onOpenItem(item.id)} aria-label={t('assessments.signoff.openItem', { number: item.number })}>
                        {t('assessments.signoff.missingItem', { number: item.number, text: labels.text(item.text), message: reasons.issue(m.message) })}
                      </Anchor>
                    ) : (
                      reasons.issue(m.message)
                    )}
                  </List.Item>
                );
              })}
            </List>
          </Alert>
        ) : sign.error ? (
          <ErrorAlert error={sign.error} onClose={() => sign.reset()} />
        ) : null}
      </Stack>
      <ConfirmModal
        opened={asking !== null}
        title={t('assessments.signoff.confirmTitle')}
        message={asking ? t('assessments.signoff.confirm', { role: roleName(asking), name }) : ''}
        confirmLabel={asking ? t('assessments.signoff.signAs', { role: roleName(asking) }) : ''}
        loading={sign.isPending}
        onConfirm={() => asking && sign.mutate(asking)}
        onClose={() => setAsking(null)}
      >
        <Textarea label={t('assessments.signoff.comment')} autosize minRows={2} maxLength={2000} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
      </ConfirmModal>
    </SectionCard>
  );
}

/** The vendor sheet's flow: the vendor submits its answers; the hospital accepts them or returns them with a reason. */
export function VendorFlowButtons({ detail }: { detail: TAssessmentDetail }) {
  const { t } = useTranslation();
  const changed = useAssessmentsChanged();
  const a = detail.assessment;
  const [dialog, setDialog] = useState<'submit' | 'accept' | 'return' | null>(null);
  const [text, setText] = useState('');
  const [err, setErr] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: (kind: 'submit' | 'accept' | 'return') =>
      kind === 'submit'
        ? api.post(assessmentPath.submit(a.id), { name: text.trim() })
        : kind === 'accept'
          ? api.post(assessmentPath.accept(a.id), {})
          : api.post(assessmentPath.return(a.id), { reason: text.trim() }),
    onSuccess: (_, kind) => {
      changed();
      notify(t(kind === 'submit' ? 'assessments.vendorFlow.submitted' : kind === 'accept' ? 'assessments.vendorFlow.accepted' : 'assessments.vendorFlow.returned'));
      setDialog(null);
      setText('');
    },
  });
  const close = () => {
    setDialog(null);
    setErr(null);
    run.reset();
  };
  const confirm = () => {
    if ((dialog === 'submit' || dialog === 'return') && !text.trim()) {
      setErr(t('validation.required'));
      return;
    }
    setErr(null);
    if (dialog) run.mutate(dialog);
  };
  const canSubmit = detail.allowed.submit && a.status === 'in_progress';
  const canReview = detail.allowed.accept && a.status === 'submitted';
  if (!canSubmit && !canReview) return null;
  return (
    <>
      {canSubmit ? (
        <Button leftSection={<IconSend size={16} aria-hidden />} onClick={() => setDialog('submit')}>
          {t('assessments.vendorFlow.submit')}
        </Button>
      ) : null}
      {canReview ? (
        <>
          <Button color="green" leftSection={<IconCircleCheck size={16} aria-hidden />} onClick={() => setDialog('accept')}>
            {t('assessments.vendorFlow.accept')}
          </Button>
          <Button variant="outline" color="orange" leftSection={<IconArrowBackUp size={16} aria-hidden />} onClick={() => setDialog('return')}>
            {t('assessments.vendorFlow.return')}
          </Button>
        </>
      ) : null}
      <Modal
        opened={dialog !== null}
        onClose={close}
        title={dialog === 'submit' ? t('assessments.vendorFlow.submitTitle') : dialog === 'accept' ? t('assessments.vendorFlow.acceptTitle') : t('assessments.vendorFlow.returnTitle')}
        closeButtonProps={{ 'aria-label': t('common.close') }}
      >
        <Stack gap="md">
          {dialog === 'submit' ? (
            <>
              <Text size="sm">{t('assessments.vendorFlow.submitConfirm')}</Text>
              <TextInput label={t('assessments.vendorFlow.submitName')} required maxLength={200} value={text} error={err} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
            </>
          ) : dialog === 'accept' ? (
            <Text size="sm">{t('assessments.vendorFlow.acceptConfirm', { vendor: a.vendor?.name ?? '' })}</Text>
          ) : (
            <Textarea label={t('assessments.vendorFlow.returnReason')} description={t('assessments.vendorFlow.returnHelp')} required autosize minRows={3} maxLength={2000} value={text} error={err} onChange={(e) => setText(e.currentTarget.value)} data-autofocus />
          )}
          {run.error ? <ErrorAlert error={run.error} /> : null}
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={close}>
              {t('common.cancel')}
            </Button>
            <Button loading={run.isPending} onClick={confirm} color={dialog === 'return' ? 'orange' : undefined}>
              {dialog === 'submit' ? t('assessments.vendorFlow.submit') : dialog === 'accept' ? t('assessments.vendorFlow.accept') : t('assessments.vendorFlow.return')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
