import { useEffect, useState, type FormEvent } from 'react';
import { Alert, Button, Code, Group, Image, Modal, NumberInput, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import QRCode from 'qrcode';
import { api } from '../../api/client.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useConfirmDelete } from '../../components/useConfirmDelete.ts';
import { useFormat } from '../../lib/format.ts';
import { assessmentPath, useAssessmentsChanged, useVendorLinks, type TVendorLink, type TVendorLinkCreated } from './assessments.ts';

/** The whole URL of a link the server returns as a path (`/vendor-sheet/<token>`). */
function absoluteUrl(url: string): string {
  return /^https?:\/\//.test(url) ? url : `${window.location.origin}${url.startsWith('/') ? '' : '/'}${url}`;
}

function QrImage({ text, alt }: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toDataURL(text, { margin: 1, width: 200, errorCorrectionLevel: 'M' })
      .then((d) => {
        if (live) setSrc(d);
      })
      .catch(() => {
        if (live) setSrc(null);
      });
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <Image src={src} alt={alt} w={200} h={200} fit="contain" style={{ imageRendering: 'pixelated' }} /> : null;
}

/**
 * Answer links: issue a signed, expiring link for a vendor without an account (the URL is shown once, with a copy button
 * and a QR code), and list or revoke the links issued before.
 */
export function VendorLinkDialog({ assessmentId, vendorName, onClose }: { assessmentId: string; vendorName: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const changed = useAssessmentsChanged();
  const links = useVendorLinks(assessmentId);
  const [recipient, setRecipient] = useState('');
  const [days, setDays] = useState<number | string>(30);
  const [created, setCreated] = useState<TVendorLinkCreated | null>(null);
  const issue = useMutation({
    mutationFn: () => api.post<TVendorLinkCreated>(assessmentPath.links(assessmentId), { expiresInDays: Number(days) || 30, ...(recipient.trim() ? { recipient: recipient.trim() } : {}) }),
    onSuccess: (r) => {
      setCreated(r);
      setRecipient('');
      changed();
    },
  });
  const revoke = useConfirmDelete(
    (l: TVendorLink) => api.del(assessmentPath.link(assessmentId, l.id)),
    () => {
      changed();
      notify(t('assessments.links.revoked'));
    },
  );
  const daysOk = Number.isInteger(Number(days)) && Number(days) >= 1 && Number(days) <= 90;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (daysOk) issue.mutate();
  };
  const who = (l: TVendorLink) => l.recipient ?? t('assessments.links.noRecipient');
  const url = created ? absoluteUrl(created.url) : '';
  return (
    <Modal opened onClose={onClose} title={t('assessments.links.title', { vendor: vendorName })} size="xl" closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <Text size="sm">{t('assessments.links.description')}</Text>
        {created ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('assessments.links.createdTitle')}>
            <Stack gap="sm">
              <Text size="sm" fw={700}>
                {t('assessments.links.createdOnce')}
              </Text>
              <Text size="xs" fw={700}>
                {t('assessments.links.url')}
              </Text>
              <Code block data-testid="vendor-link-url" style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap' }}>
                {url}
              </Code>
              <Group gap="md" align="flex-start">
                <CopyButton value={url} />
                <QrImage text={url} alt={t('assessments.links.qrAlt')} />
              </Group>
            </Stack>
          </Alert>
        ) : null}
        <form noValidate onSubmit={submit}>
          <Group align="flex-end" gap="sm" wrap="wrap">
            <TextInput label={t('assessments.links.recipient')} description={t('assessments.links.recipientHelp')} maxLength={200} value={recipient} onChange={(e) => setRecipient(e.currentTarget.value)} style={{ flex: '1 1 16rem' }} />
            <NumberInput
              label={t('assessments.links.expiresInDays')}
              description={t('assessments.links.expiresHelp')}
              min={1}
              max={90}
              allowDecimal={false}
              value={days}
              onChange={setDays}
              error={daysOk ? null : t('assessments.links.expiresHelp')}
              w={180}
            />
            <Button type="submit" loading={issue.isPending}>
              {t('assessments.links.create')}
            </Button>
          </Group>
        </form>
        {issue.error ? <ErrorAlert error={issue.error} onClose={() => issue.reset()} /> : null}
        <Title order={3} size="h5">
          {t('assessments.links.listLabel')}
        </Title>
        {links.error ? <ErrorAlert error={links.error} /> : null}
        {links.data && links.data.length === 0 ? <Text size="sm">{t('assessments.links.none')}</Text> : null}
        {links.data && links.data.length > 0 ? (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="xs" aria-label={t('assessments.links.listLabel')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('assessments.links.columns.recipient')}</Table.Th>
                  <Table.Th>{t('assessments.links.columns.status')}</Table.Th>
                  <Table.Th>{t('assessments.links.columns.expiresAt')}</Table.Th>
                  <Table.Th>{t('assessments.links.columns.lastUsedAt')}</Table.Th>
                  <Table.Th>{t('assessments.links.columns.useCount')}</Table.Th>
                  <Table.Th>{t('common.actions')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {links.data.map((l) => (
                  <Table.Tr key={l.id}>
                    <Table.Td>{who(l)}</Table.Td>
                    <Table.Td>
                      <StatusBadge tone={l.status === 'active' ? 'ok' : 'neutral'}>{t(`assessments.links.linkStatus.${l.status}`)}</StatusBadge>
                    </Table.Td>
                    <Table.Td>{fmt.dateTime(l.expiresAt)}</Table.Td>
                    <Table.Td>{l.lastUsedAt ? fmt.dateTime(l.lastUsedAt) : t('assessments.links.neverUsed')}</Table.Td>
                    <Table.Td>{l.useCount}</Table.Td>
                    <Table.Td>
                      {l.status === 'active' ? (
                        <Button size="compact-sm" variant="outline" color="red" leftSection={<IconLinkOff size={14} aria-hidden />} aria-label={t('assessments.links.revokeLabel', { recipient: who(l) })} onClick={() => revoke.ask(l)}>
                          {t('assessments.links.revoke')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        ) : null}
      </Stack>
      <ConfirmModal {...revoke.modal} title={t('assessments.links.revokeTitle')} message={t('assessments.links.revokeConfirm', { recipient: revoke.target ? who(revoke.target) : '' })} confirmLabel={t('assessments.links.revoke')} danger />
    </Modal>
  );
}
