import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Code, Collapse, FileButton, Group, List, Modal, ScrollArea, Stack, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconChevronDown, IconChevronRight, IconCircleCheck, IconFileUpload, IconPlugConnected } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { API_BASE, uploadFile } from '../../../api/client.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import type { BackupImportResultDto } from '../../../../shared/contracts/resilience-backups.contract.ts';
import { backupPath, importIssueText, useBackupLabels, useBackupsChanged, webhookCurl, webhookExample } from './backups.ts';

/**
 * CSV import of backup results: choose a file → the preview (every row, its errors naming row and column) →
 * Import, enabled only when no row has an error → the counts. Below, how the backup software can send results itself.
 */
export function BackupImportModal({ facilityId, onClose }: { facilityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery('(max-width: 48em)');
  const changed = useBackupsChanged();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<BackupImportResultDto | null>(null);
  const [done, setDone] = useState<BackupImportResultDto | null>(null);

  const send = useMutation({
    mutationFn: async ({ f, dryRun }: { f: File; dryRun: boolean }) =>
      (
        await uploadFile<BackupImportResultDto>(backupPath.importRuns(facilityId), f, 'text/csv', {
          query: { dryRun: String(dryRun), fileName: f.name.slice(0, 255) },
          resultStatuses: [422],
        })
      ).data,
    onSuccess: (result) => {
      if (result.committed) {
        setDone(result);
        changed();
      } else setPreview(result);
    },
  });

  const choose = (f: File | null) => {
    if (!f) return;
    setFile(f);
    setPreview(null);
    setDone(null);
    send.mutate({ f, dryRun: true });
  };
  const hasErrors = Boolean(preview && (preview.errorRows > 0 || preview.fileErrors.length > 0));
  const canCommit = Boolean(file && preview && !hasErrors && preview.create > 0 && !send.isPending);

  return (
    <Modal opened onClose={onClose} title={t('resilienceBackups.import.title')} size="xl" fullScreen={narrow} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        {done ? (
          <>
            <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('resilienceBackups.import.doneTitle')} role="status">
              {t('resilienceBackups.import.done', { create: done.create, duplicate: done.duplicate })}
            </Alert>
            <Group justify="flex-end">
              <Button onClick={onClose}>{t('common.close')}</Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">{t('resilienceBackups.import.intro')}</Text>
            <List size="sm" spacing={2}>
              <List.Item>{t('resilienceBackups.import.columns')}</List.Item>
              <List.Item>{t('resilienceBackups.import.jobNote')}</List.Item>
              <List.Item>{t('resilienceBackups.import.timeNote')}</List.Item>
            </List>
            <Group gap="sm">
              <FileButton onChange={choose} accept=".csv,text/csv">
                {(props) => (
                  <Button {...props} variant={preview ? 'default' : 'filled'} leftSection={<IconFileUpload size={16} aria-hidden />} loading={send.isPending && !preview}>
                    {file ? t('resilienceBackups.import.chooseAgain') : t('resilienceBackups.import.choose')}
                  </Button>
                )}
              </FileButton>
              {file ? (
                <Text size="sm" c="dimmed">
                  {file.name}
                </Text>
              ) : null}
            </Group>
            {send.error ? <ErrorAlert error={send.error} /> : null}
            {preview ? <ImportPreview preview={preview} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button disabled={!canCommit} loading={send.isPending && Boolean(preview)} onClick={() => file && send.mutate({ f: file, dryRun: false })}>
                {t('resilienceBackups.import.commit')}
              </Button>
            </Group>
          </>
        )}
        <WebhookHelp />
      </Stack>
    </Modal>
  );
}

function ImportPreview({ preview }: { preview: BackupImportResultDto }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useBackupLabels();
  const errorCount = preview.errorRows + preview.fileErrors.length;
  return (
    <Stack gap="sm" data-testid="backup-import-preview">
      <Title order={3} size="h5">
        {t('resilienceBackups.import.previewTitle', { rows: preview.rows })}
      </Title>
      <Group gap="xs">
        <Badge color="blue" variant="light" size="lg" style={{ textTransform: 'none' }}>
          {t('resilienceBackups.import.counts.create', { count: preview.create })}
        </Badge>
        <Badge color="gray" variant="light" size="lg" style={{ textTransform: 'none' }}>
          {t('resilienceBackups.import.counts.duplicate', { count: preview.duplicate })}
        </Badge>
        {preview.errorRows > 0 ? (
          <Badge color="red" variant="light" size="lg" style={{ textTransform: 'none' }}>
            {t('resilienceBackups.import.counts.error', { count: preview.errorRows })}
          </Badge>
        ) : null}
      </Group>
      {errorCount > 0 ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('resilienceBackups.import.errorsTitle')} role="alert">
          <Stack gap={4}>
            <Text size="sm">{t('resilienceBackups.import.errorsNote')}</Text>
            <List size="sm" spacing={2}>
              {[...preview.fileErrors, ...preview.items.flatMap((r) => r.errors.map((e) => ({ ...e, row: e.row ?? r.row })))].slice(0, 50).map((e, n) => (
                <List.Item key={`${e.row ?? 0}-${e.path}-${n}`}>{importIssueText(t, e)}</List.Item>
              ))}
            </List>
          </Stack>
        </Alert>
      ) : preview.create === 0 ? (
        <Text size="sm">{t('resilienceBackups.import.nothingNew')}</Text>
      ) : (
        <Group gap={6}>
          <IconCircleCheck size={16} aria-hidden color="var(--mantine-color-green-8)" />
          <Text size="sm">{t('resilienceBackups.import.ready')}</Text>
        </Group>
      )}
      {preview.items.length > 0 ? (
        <ScrollArea.Autosize mah={320} type="auto">
          <Table withTableBorder stickyHeader verticalSpacing={4} fz="sm" aria-label={t('resilienceBackups.import.tableLabel')} miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={60}>{t('resilienceBackups.import.row')}</Table.Th>
                <Table.Th>{t('resilienceBackups.import.plan')}</Table.Th>
                <Table.Th>{t('resilienceBackups.run.startedAt')}</Table.Th>
                <Table.Th>{t('resilienceBackups.run.status')}</Table.Th>
                <Table.Th>{t('resilienceBackups.import.action')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {preview.items.map((r) => (
                <Table.Tr key={r.row}>
                  <Table.Td>{r.row}</Table.Td>
                  <Table.Td>{r.planName ?? '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.startedAt ? fmt.dateTime(r.startedAt) : '—'}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.status ? labels.status(r.status) : '—'}</Table.Td>
                  <Table.Td>
                    {r.action === 'error' ? (
                      <Stack gap={2}>
                        <StatusBadge tone="danger">{t('resilienceBackups.import.actions.error')}</StatusBadge>
                        {r.errors.map((e, n) => (
                          <Text key={n} size="xs">
                            {importIssueText(t, { ...e, row: undefined })}
                          </Text>
                        ))}
                      </Stack>
                    ) : r.action === 'duplicate' ? (
                      <StatusBadge tone="neutral">{r.duplicateOf !== null ? t('resilienceBackups.import.actions.duplicateOf', { row: r.duplicateOf }) : t('resilienceBackups.import.actions.duplicate')}</StatusBadge>
                    ) : (
                      <StatusBadge tone="info">{t('resilienceBackups.import.actions.create')}</StatusBadge>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollArea.Autosize>
      ) : null}
    </Stack>
  );
}

/** How the backup software can report each run by itself: the webhook's URL, a JSON body and a curl line. */
export function WebhookHelp() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const url = `${origin}${API_BASE}${backupPath.webhook}`;
  const json = webhookExample('EMR-daily-tape', new Date());
  const curl = webhookCurl(origin, json);
  return (
    <Stack gap="xs">
      <UnstyledButton onClick={() => setOpen((o) => !o)} aria-expanded={open} aria-controls="backup-webhook-help">
        <Group gap={6}>
          {open ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          <IconPlugConnected size={16} aria-hidden />
          <Text size="sm" fw={600}>
            {t('resilienceBackups.webhook.title')}
          </Text>
        </Group>
      </UnstyledButton>
      <Collapse in={open} id="backup-webhook-help">
        <Stack gap="sm" pl="md">
          <Text size="sm">{t('resilienceBackups.webhook.intro')}</Text>
          <Group gap="xs" wrap="nowrap" align="center">
            <Text size="sm" fw={600} style={{ flexShrink: 0 }}>
              {t('resilienceBackups.webhook.url')}
            </Text>
            <Code style={{ overflowWrap: 'anywhere' }}>POST {url}</Code>
            <CopyButton value={url} />
          </Group>
          <Text size="sm">
            {t('resilienceBackups.webhook.token')}{' '}
            <Anchor component={Link} to={PATHS.tokens}>
              {t('resilienceBackups.webhook.tokenLink')}
            </Anchor>
          </Text>
          <Text size="sm">{t('resilienceBackups.webhook.fields')}</Text>
          <Text size="sm" fw={600}>
            {t('resilienceBackups.webhook.example')}
          </Text>
          <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {json}
          </Code>
          <Group justify="space-between" gap="xs">
            <Text size="sm" fw={600}>
              {t('resilienceBackups.webhook.curl')}
            </Text>
            <CopyButton value={curl} />
          </Group>
          <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {curl}
          </Code>
          <Text size="sm" c="dimmed">
            {t('resilienceBackups.webhook.duplicates')}
          </Text>
        </Stack>
      </Collapse>
    </Stack>
  );
}
