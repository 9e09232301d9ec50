import { useState } from 'react';
import { Alert, Anchor, Badge, Button, FileButton, Group, Modal, ScrollArea, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { apiUrl, uploadFile } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import type { TAssetImportResult } from '../../../shared/contracts/ledger.contract.ts';
import { ledgerPath, useLedgerChanged } from './ledger.ts';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ACCEPT = `.csv,.xlsx,text/csv,${XLSX_TYPE}`;

/** The content type the import endpoint accepts for a file (browsers label CSV differently, e.g. application/vnd.ms-excel). */
function contentTypeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.xlsx')) return XLSX_TYPE;
  if (name.endsWith('.csv')) return 'text/csv';
  return 'application/octet-stream';
}

/** 'ja' or 'en': the language of exported files and the template, matching the screen. */
export function useFileLang(): 'ja' | 'en' {
  const { i18n } = useTranslation();
  return (i18n.resolvedLanguage ?? i18n.language).startsWith('en') ? 'en' : 'ja';
}

type Issue = TAssetImportResult['errors'][number];

function IssueTable({ issues, label }: { issues: Issue[]; label: string }) {
  const { t } = useTranslation();
  return (
    <ScrollArea.Autosize mah={280} type="auto">
      <Table striped withTableBorder aria-label={label} verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={70}>{t('ledger.import.row')}</Table.Th>
            <Table.Th w={140}>{t('ledger.import.column')}</Table.Th>
            <Table.Th>{t('ledger.import.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((i, n) => (
            <Table.Tr key={`${i.row ?? 0}-${i.path}-${n}`}>
              <Table.Td>{i.row ?? '—'}</Table.Td>
              <Table.Td>{i.path || '—'}</Table.Td>
              <Table.Td>{i.text}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/** What differs between the ledger's import wizards (assets, connections, vendors). */
export interface ImportTarget {
  /** API paths of the import endpoint and the template download. */
  importPath: string;
  templatePath: string;
  /** The modal's title and the intro sentence (already translated). */
  title: string;
  intro: string;
  /** Called after a committed import (refresh the lists). */
  onImported: () => void;
}

/** The asset import wizard. */
export function AssetImportModal({ facilityId, onClose }: { facilityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useLedgerChanged();
  return (
    <ImportModal
      onClose={onClose}
      target={{
        importPath: ledgerPath.assetImport(facilityId),
        templatePath: ledgerPath.assetTemplate(facilityId),
        title: t('ledger.import.title'),
        intro: t('ledger.import.intro'),
        onImported: () => changed(facilityId),
      }}
    />
  );
}

/**
 * The import wizard (import from Excel/CSV): choose a file → dry run with the preview (counts, every error
 * with its row and column, warnings) → Import, enabled only when the file has no errors → the result.
 */
export function ImportModal({ target, onClose }: { target: ImportTarget; onClose: () => void }) {
  const { t } = useTranslation();
  const lang = useFileLang();
  const narrow = useMediaQuery('(max-width: 48em)');
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<TAssetImportResult | null>(null);
  const [done, setDone] = useState<TAssetImportResult | null>(null);

  const send = useMutation({
    mutationFn: async ({ f, dryRun }: { f: File; dryRun: boolean }) =>
      (
        await uploadFile<TAssetImportResult>(target.importPath, f, contentTypeOf(f), {
          query: { dryRun: String(dryRun) },
          headers: { 'X-File-Name': encodeURIComponent(f.name) },
          resultStatuses: [422],
        })
      ).data,
    onSuccess: (result) => {
      if (result.committed) {
        setDone(result);
        target.onImported();
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

  const canCommit = Boolean(file && preview && preview.errorCount === 0 && !send.isPending);
  const template = (format: 'xlsx' | 'csv') => apiUrl(target.templatePath, { format, lang });

  return (
    <Modal opened onClose={onClose} title={target.title} size="xl" fullScreen={narrow} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        {done ? (
          <>
            <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('ledger.import.doneTitle')} role="status">
              {t('ledger.import.done', { create: done.create, update: done.update, unchanged: done.unchanged })}
            </Alert>
            <Group justify="flex-end">
              <Button onClick={onClose}>{t('common.close')}</Button>
            </Group>
          </>
        ) : (
          <>
            <Text size="sm">{target.intro}</Text>
            <Group gap="xs">
              <IconDownload size={16} aria-hidden />
              <Text size="sm">{t('ledger.import.templateLead')}</Text>
              <Anchor href={template('xlsx')} size="sm" download>
                {t('ledger.import.templateXlsx')}
              </Anchor>
              <Anchor href={template('csv')} size="sm" download>
                {t('ledger.import.templateCsv')}
              </Anchor>
            </Group>
            <Group gap="sm">
              <FileButton onChange={choose} accept={ACCEPT}>
                {(props) => (
                  <Button {...props} variant={preview ? 'default' : 'filled'} leftSection={<IconFileUpload size={16} aria-hidden />} loading={send.isPending && !preview}>
                    {file ? t('ledger.import.chooseAgain') : t('ledger.import.choose')}
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
            {preview ? <Preview preview={preview} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button disabled={!canCommit} loading={send.isPending && Boolean(preview)} onClick={() => file && send.mutate({ f: file, dryRun: false })}>
                {t('ledger.import.commit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

function Preview({ preview }: { preview: TAssetImportResult }) {
  const { t } = useTranslation();
  const counts = [
    { key: 'create', n: preview.create, color: 'blue' },
    { key: 'update', n: preview.update, color: 'teal' },
    { key: 'unchanged', n: preview.unchanged, color: 'gray' },
  ] as const;
  return (
    <Stack gap="sm">
      <Title order={3} size="h5">
        {t('ledger.import.previewTitle', { rows: preview.rows })}
      </Title>
      <Group gap="xs" aria-label={t('ledger.import.previewTitle', { rows: preview.rows })}>
        {counts.map((c) => (
          <Badge key={c.key} color={c.color} variant="light" size="lg" style={{ textTransform: 'none' }}>
            {t(`ledger.import.counts.${c.key}`, { count: c.n })}
          </Badge>
        ))}
      </Group>
      {preview.errorCount > 0 ? (
        <>
          <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('ledger.import.errorsTitle', { count: preview.errorCount })} role="alert">
            {t('ledger.import.errorsNote')}
            {preview.errorCount > preview.errors.length ? ` ${t('ledger.import.errorsTruncated', { count: preview.errors.length })}` : ''}
          </Alert>
          <IssueTable issues={preview.errors} label={t('ledger.import.errorsTable')} />
        </>
      ) : (
        <Text size="sm" c="green.8">
          {t('ledger.import.ready')}
        </Text>
      )}
      {preview.warnings.length > 0 ? (
        <>
          <Text size="sm" fw={700}>
            {t('ledger.import.warningsTitle', { count: preview.warnings.length })}
          </Text>
          <IssueTable issues={preview.warnings} label={t('ledger.import.warningsTable')} />
        </>
      ) : null}
    </Stack>
  );
}
