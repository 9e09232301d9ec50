import { useState } from 'react';
import { Alert, Anchor, Button, FileButton, Group, Modal, ScrollArea, Stack, Table, Text } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconCircleCheck, IconDownload, IconFileUpload } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { apiUrl, uploadFile } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { notify } from '../../components/notify.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { FrameworkIssueDto, FrameworkSummaryDto } from '../../../shared/contracts/assessments.contract.ts';
import { frameworkContentType, frameworkFileKind, frameworkPath, FRAMEWORK_ACCEPT, localized, useFrameworksChanged } from './frameworks.ts';

interface Validation {
  ok: boolean;
  issues: FrameworkIssueDto[];
  summary: FrameworkSummaryDto | null;
}

/** The issues of a framework file, one row each: "file:line", the key, the message. */
export function FrameworkIssueTable({ issues }: { issues: FrameworkIssueDto[] }) {
  const { t } = useTranslation();
  return (
    <ScrollArea.Autosize mah={320} type="auto">
      <Table striped withTableBorder aria-label={t('frameworks.upload.issuesLabel')} verticalSpacing={4} fz="sm">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w="32%">{t('frameworks.upload.where')}</Table.Th>
            <Table.Th w="28%">{t('frameworks.upload.key')}</Table.Th>
            <Table.Th>{t('frameworks.upload.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((i, n) => (
            <Table.Tr key={`${i.file}-${i.line ?? 0}-${i.key}-${n}`}>
              <Table.Td className="mono" style={{ overflowWrap: 'anywhere' }}>
                {i.line === null ? i.file : `${i.file}:${i.line}`}
              </Table.Td>
              <Table.Td className="mono" style={{ overflowWrap: 'anywhere' }}>
                {i.key || '—'}
              </Table.Td>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>{i.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}

/**
 * Adds the facility's own framework from YAML or .xlsx: the file is checked first (every problem with its file, line
 * and key), and only a file without problems can be saved.
 */
export function FrameworkUploadModal({ facilityId, onClose }: { facilityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const narrow = useMediaQuery('(max-width: 48em)');
  const navigate = useNavigate();
  const changed = useFrameworksChanged();
  const [file, setFile] = useState<File | null>(null);
  const [wrongType, setWrongType] = useState(false);
  const [result, setResult] = useState<Validation | null>(null);

  const send = (path: string, f: File) =>
    uploadFile<Validation & FrameworkSummaryDto>(path, f, frameworkContentType(f.name), {
      query: { fileName: f.name },
      headers: { 'X-File-Name': encodeURIComponent(f.name) },
      resultStatuses: [422],
    });

  const validate = useMutation({
    mutationFn: async (f: File) => (await send(frameworkPath.validate, f)).data,
    onSuccess: (v) => setResult({ ok: Boolean(v.ok), issues: v.issues ?? [], summary: v.summary ?? null }),
  });
  const save = useMutation({
    mutationFn: async (f: File) => send(frameworkPath.facility(facilityId), f),
    onSuccess: ({ status, data }) => {
      // A file that fails on save answers with its issues like the check does.
      if (status === 422 || data.ok === false) {
        setResult({ ok: false, issues: data.issues ?? [], summary: null });
        return;
      }
      const saved = 'summary' in data && data.summary ? data.summary : (data as FrameworkSummaryDto);
      changed();
      notify(t('frameworks.upload.saved', { title: localized(saved.title ?? result?.summary?.title, fmt.locale) }));
      onClose();
      if (saved.id && saved.version) void navigate(PATHS.framework(saved.id, saved.version));
    },
  });

  const choose = (f: File | null) => {
    if (!f) return;
    setFile(f);
    setResult(null);
    save.reset();
    if (!frameworkFileKind(f.name)) {
      setWrongType(true);
      return;
    }
    setWrongType(false);
    validate.mutate(f);
  };

  const summary = result?.summary ?? null;
  return (
    <Modal opened onClose={onClose} title={t('frameworks.upload.title')} size="xl" fullScreen={narrow} closeButtonProps={{ 'aria-label': t('common.close') }}>
      <Stack gap="md">
        <Text size="sm">{t('frameworks.upload.intro')}</Text>
        <Group gap="xs">
          <IconDownload size={16} aria-hidden />
          <Text size="sm">{t('frameworks.upload.templateLead')}</Text>
          <Anchor href={apiUrl(frameworkPath.template)} size="sm" download>
            {t('frameworks.upload.templateLink')}
          </Anchor>
        </Group>
        <Group gap="sm">
          <FileButton onChange={choose} accept={FRAMEWORK_ACCEPT}>
            {(props) => (
              <Button {...props} variant={result ? 'default' : 'filled'} leftSection={<IconFileUpload size={16} aria-hidden />} loading={validate.isPending}>
                {file ? t('frameworks.upload.chooseAgain') : t('frameworks.upload.choose')}
              </Button>
            )}
          </FileButton>
          {file ? (
            <Text size="sm" c="dimmed">
              {file.name}
            </Text>
          ) : null}
        </Group>
        {wrongType ? (
          <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />}>
            {t('frameworks.upload.wrongType')}
          </Alert>
        ) : null}
        {validate.error ? <ErrorAlert error={validate.error} /> : null}
        {result && !result.ok ? (
          <Stack gap="xs">
            <Alert color="red" variant="light" role="alert" icon={<IconAlertTriangle aria-hidden />} title={t('frameworks.upload.issuesTitle', { count: result.issues.length })}>
              {t('frameworks.upload.issuesHelp')}
            </Alert>
            <FrameworkIssueTable issues={result.issues} />
          </Stack>
        ) : null}
        {result?.ok && summary ? (
          <Alert color="green" variant="light" role="status" icon={<IconCircleCheck aria-hidden />} title={t('frameworks.upload.okTitle')}>
            {t('frameworks.upload.okSummary', {
              title: localized(summary.title, fmt.locale),
              version: summary.version,
              sections: summary.sections,
              items: summary.items,
              unverified: summary.unverifiedItems,
            })}
          </Alert>
        ) : null}
        {save.error ? <ErrorAlert error={save.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button disabled={!file || !result?.ok || validate.isPending} loading={save.isPending} onClick={() => file && save.mutate(file)}>
            {t('frameworks.upload.save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
