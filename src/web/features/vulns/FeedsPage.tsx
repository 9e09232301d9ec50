import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Code, FileInput, Group, List, Progress, Stack, Table, Text } from '@mantine/core';
import { IconAlertTriangle, IconCircleCheck, IconFileUpload, IconTerminal2 } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { isApiError, uploadFile } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { Pager } from '../../components/Pager.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { FEED_STALE_DAYS } from '../../../shared/vulns/domain.ts';
import { usePermissions } from '../session/permissions.ts';
import { FEEDS_KEY, useFeedImport, useFeedImports, useFeedStatus, useVulnLabels, VULNS_KEY, vulnPath, type TFeedImport, type TFeedStatus } from './vulns.ts';
import { ScrollTable } from './ScrollTable.tsx';

/** The largest feed file the upload takes (bigger files: `mamori feeds import` on the server). */
export const FEED_UPLOAD_MAX_BYTES = 512 * 1024 * 1024;
const HISTORY_PAGE_SIZE = 20;

/**
 * Feeds: how fresh each source is (NVD, KEV, EPSS, JVN), the import history, and for administrators an upload of
 * one feed file with its progress; the command line for large or offline imports.
 */
export function FeedsPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const status = useFeedStatus();
  const [page, setPage] = useState(1);
  const history = useFeedImports(page, perm.manageFeeds);
  return (
    <>
      <PageHeader title={t('vulns.feeds.title')} description={t('vulns.feeds.description')} />
      <Stack gap="lg">
        {status.isPending ? <Loading /> : null}
        {status.error ? <ErrorAlert error={status.error} /> : null}
        {status.data ? <SourcesTable status={status.data} /> : null}
        {perm.manageFeeds ? <UploadCard /> : <Text size="sm">{t('vulns.feeds.adminOnly')}</Text>}
        <CliHints syncEnabled={status.data?.syncEnabled ?? false} />
        {perm.manageFeeds ? (
          <SectionCard id="feeds-history-title" title={t('vulns.feeds.history.title')}>
            {history.isPending ? <Loading /> : null}
            {history.error ? <ErrorAlert error={history.error} /> : null}
            {history.data && history.data.total === 0 ? <Text size="sm">{t('vulns.feeds.history.none')}</Text> : null}
            {history.data && history.data.items.length > 0 ? <HistoryTable items={history.data.items} /> : null}
            {history.data && history.data.total > HISTORY_PAGE_SIZE ? <Pager total={history.data.total} page={page} pageSize={history.data.pageSize || HISTORY_PAGE_SIZE} onChange={setPage} /> : null}
          </SectionCard>
        ) : null}
      </Stack>
    </>
  );
}

function SourcesTable({ status }: { status: TFeedStatus }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  const fmt = useFormat();
  return (
    <SectionCard id="feeds-sources-title" title={t('vulns.feeds.sourcesTitle')}>
      <ScrollTable minWidth={680} label={t('vulns.feeds.sourcesTitle')}>
        <Table verticalSpacing="sm" aria-labelledby="feeds-sources-title">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('vulns.feeds.source')}</Table.Th>
              <Table.Th>{t('vulns.feeds.lastImport')}</Table.Th>
              <Table.Th>{t('vulns.feeds.records')}</Table.Th>
              <Table.Th>{t('vulns.feeds.freshness')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {status.sources.map((s) => (
              <Table.Tr key={s.source}>
                <Table.Td>
                  <Stack gap={0}>
                    <Text size="sm" fw={600}>
                      {labels.source(s.source)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t(`vulns.feeds.sourceHelp.${s.source}`)}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  {s.lastImport ? (
                    <Stack gap={0}>
                      <Text size="sm">{t('common.withRelative', { absolute: fmt.dateTime(s.lastImport.finishedAt ?? s.lastImport.startedAt), relative: fmt.relative(s.lastImport.finishedAt ?? s.lastImport.startedAt) })}</Text>
                      <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                        {s.lastImport.fileName}
                      </Text>
                    </Stack>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {t('vulns.feeds.never')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{fmt.number(s.records)}</Text>
                </Table.Td>
                <Table.Td>
                  {s.lastImport === null ? (
                    <StatusBadge tone="danger">{t('vulns.feeds.notImported')}</StatusBadge>
                  ) : s.stale ? (
                    <StatusBadge tone="warn">{t('vulns.feeds.stale', { count: s.ageDays ?? 0 })}</StatusBadge>
                  ) : (
                    <StatusBadge tone="ok">{t('vulns.feeds.fresh', { count: s.ageDays ?? 0 })}</StatusBadge>
                  )}
                  <Text size="xs" c="dimmed" mt={2}>
                    {t('vulns.feeds.staleAfter', { count: FEED_STALE_DAYS[s.source] })}
                  </Text>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </SectionCard>
  );
}

/** Administrators: one feed file up; the import runs on the server and is polled until it ends. */
function UploadCard() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const fmt = useFormat();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const [importId, setImportId] = useState<string | null>(null);
  const [force, setForce] = useState(false);
  const send = useMutation({
    mutationFn: async (f: File) =>
      (
        await uploadFile<TFeedImport>(vulnPath.feedImports, f, 'application/octet-stream', {
          headers: { 'X-File-Name': encodeURIComponent(f.name) },
          query: { force: force ? 'true' : undefined },
        })
      ).data,
    onSuccess: (imp) => setImportId(imp.id),
  });
  const progress = useFeedImport(importId);
  const imp = progress.data;
  const finished = imp && imp.status !== 'running' ? imp.status : null;

  useEffect(() => {
    if (!finished || !imp) return;
    void qc.invalidateQueries({ queryKey: FEEDS_KEY });
    void qc.invalidateQueries({ queryKey: VULNS_KEY });
    if (finished === 'succeeded') notify(t('vulns.feeds.upload.done', { name: imp.fileName }));
  }, [finished, imp, qc, t]);

  const submit = () => {
    if (!file) {
      setFileError(t('vulns.feeds.upload.noFile'));
      return;
    }
    if (file.size > FEED_UPLOAD_MAX_BYTES) {
      setFileError(t('vulns.feeds.upload.tooBig'));
      return;
    }
    setFileError(undefined);
    setImportId(null);
    send.mutate(file);
  };
  const running = send.isPending || (importId !== null && !finished);
  const pct = imp && imp.size ? Math.min(100, Math.round((imp.progressBytes / imp.size) * 100)) : null;
  return (
    <SectionCard id="feeds-upload-title" title={t('vulns.feeds.upload.title')}>
      <Stack gap="sm">
        <Text size="sm">{t('vulns.feeds.upload.intro')}</Text>
        <Group align="flex-end" gap="sm" wrap="wrap">
          <FileInput
            label={t('vulns.feeds.upload.file')}
            description={t('vulns.feeds.upload.fileHelp')}
            placeholder={t('vulns.feeds.upload.choose')}
            accept=".json,.gz,.csv,.xml,.rdf"
            value={file}
            onChange={(f) => {
              setFile(f);
              setFileError(undefined);
            }}
            error={fileError}
            clearable
            clearButtonProps={{ 'aria-label': t('vulns.feeds.upload.clear') }}
            leftSection={<IconFileUpload size={16} aria-hidden />}
            style={{ flex: '1 1 18rem' }}
          />
          <Button onClick={submit} loading={running} leftSection={<IconFileUpload size={16} aria-hidden />}>
            {t('vulns.feeds.upload.submit')}
          </Button>
        </Group>
        <Checkbox label={t('vulns.feeds.upload.force')} description={t('vulns.feeds.upload.forceHelp')} checked={force} onChange={(e) => setForce(e.currentTarget.checked)} />
        {send.error && isApiError(send.error) && send.error.code === 'CONFLICT' ? (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} role="alert">
            {t('vulns.feeds.upload.duplicate')}
          </Alert>
        ) : send.error ? (
          <ErrorAlert error={send.error} />
        ) : null}
        {send.isPending ? <Text size="sm">{t('vulns.feeds.upload.sending')}</Text> : null}
        {imp ? (
          <Stack gap={4} aria-live="polite">
            {imp.status === 'running' ? (
              <>
                <Text size="sm">{pct !== null ? t('vulns.feeds.upload.progress', { pct, records: fmt.number(imp.records) }) : t('vulns.feeds.upload.progressNoSize', { records: fmt.number(imp.records) })}</Text>
                <Progress value={pct ?? 100} animated striped aria-label={t('vulns.feeds.upload.progressLabel')} />
              </>
            ) : imp.status === 'succeeded' ? (
              <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} title={t('vulns.feeds.upload.succeededTitle')}>
                {t('vulns.feeds.upload.succeeded', { records: fmt.number(imp.records), inserted: fmt.number(imp.inserted), updated: fmt.number(imp.updated) })}
              </Alert>
            ) : (
              <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('vulns.feeds.upload.failedTitle')} role="alert">
                <Stack gap={4}>
                  <Text size="sm">{t('vulns.feeds.upload.failed')}</Text>
                  {imp.error ? <Code block>{imp.error}</Code> : null}
                </Stack>
              </Alert>
            )}
          </Stack>
        ) : null}
        {progress.error ? <ErrorAlert error={progress.error} /> : null}
      </Stack>
    </SectionCard>
  );
}

function CliHints({ syncEnabled }: { syncEnabled: boolean }) {
  const { t } = useTranslation();
  return (
    <SectionCard id="feeds-cli-title" title={t('vulns.feeds.cli.title')} icon={<IconTerminal2 size={18} aria-hidden />}>
      <Stack gap="xs">
        <Text size="sm">{t('vulns.feeds.cli.intro')}</Text>
        <List size="sm" spacing={6}>
          <List.Item>
            <Text size="sm">{t('vulns.feeds.cli.import')}</Text>
            <Code block>mamori feeds import nvdcve-2.0-2024.json.gz known_exploited_vulnerabilities.json epss_scores-current.csv.gz</Code>
          </List.Item>
          <List.Item>
            <Text size="sm">{t('vulns.feeds.cli.status')}</Text>
            <Code block>mamori feeds status --json</Code>
          </List.Item>
          <List.Item>
            <Text size="sm">{syncEnabled ? t('vulns.feeds.cli.syncOn') : t('vulns.feeds.cli.syncOff')}</Text>
            <Code block>mamori feeds sync</Code>
          </List.Item>
        </List>
      </Stack>
    </SectionCard>
  );
}

function HistoryTable({ items }: { items: TFeedImport[] }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  const fmt = useFormat();
  return (
    <ScrollTable minWidth={860} label={t('vulns.feeds.history.title')}>
      <Table striped verticalSpacing="xs" aria-labelledby="feeds-history-title">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vulns.feeds.history.startedAt')}</Table.Th>
            <Table.Th>{t('vulns.feeds.source')}</Table.Th>
            <Table.Th>{t('vulns.feeds.history.file')}</Table.Th>
            <Table.Th>{t('vulns.feeds.history.status')}</Table.Th>
            <Table.Th>{t('vulns.feeds.records')}</Table.Th>
            <Table.Th>{t('vulns.feeds.history.actor')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Text size="sm">{fmt.dateTime(i.startedAt)}</Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={0}>
                  <Text size="sm">{labels.source(i.source)}</Text>
                  <Text size="xs" c="dimmed">
                    {labels.format(i.format)} · {i.origin === 'sync' ? t('vulns.feeds.history.sync') : t('vulns.feeds.history.fileOrigin')}
                  </Text>
                </Stack>
              </Table.Td>
              <Table.Td maw={260}>
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {i.fileName}
                </Text>
              </Table.Td>
              <Table.Td>
                <Stack gap={2} align="flex-start">
                  <StatusBadge tone={i.status === 'succeeded' ? 'ok' : i.status === 'failed' ? 'danger' : 'info'}>{labels.importStatus(i.status)}</StatusBadge>
                  {i.error ? (
                    <Text size="xs" c="red.8" style={{ wordBreak: 'break-word' }}>
                      {i.error}
                    </Text>
                  ) : null}
                </Stack>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {t('vulns.feeds.history.counts', { records: fmt.number(i.records), inserted: fmt.number(i.inserted), updated: fmt.number(i.updated) })}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                  {i.actor}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
