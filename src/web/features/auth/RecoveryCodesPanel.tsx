import { useState } from 'react';
import { Alert, Button, Checkbox, Group, Paper, SimpleGrid, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconDownload, IconPrinter } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from '../../components/CopyButton.tsx';
import { useFormat } from '../../lib/format.ts';

function download(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Shows the recovery codes once; continuing requires confirming they were printed, copied or saved. */
export function RecoveryCodesPanel({ codes, email, onDone, doneLabel }: { codes: string[]; email: string; onDone: () => void; doneLabel?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const [ack, setAck] = useState(false);
  const fileText = () => [t('auth.recovery.fileHeader', { email }), t('auth.recovery.fileGenerated', { when: fmt.dateTime(new Date().toISOString()) }), '', ...codes, ''].join('\n');
  return (
    <Stack gap="md">
      <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('auth.recovery.warningTitle')}>
        {t('auth.recovery.warning')}
      </Alert>
      <Paper withBorder p="md" radius="md">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs" component="ol" data-testid="recovery-codes" aria-label={t('auth.recovery.listLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {codes.map((c) => (
            <Text component="li" key={c} className="recovery-codes">
              {c}
            </Text>
          ))}
        </SimpleGrid>
      </Paper>
      <Group gap="sm" className="no-print">
        <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()}>
          {t('auth.recovery.print')}
        </Button>
        <CopyButton value={codes.join('\n')} />
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} onClick={() => download('mamori-recovery-codes.txt', fileText())}>
          {t('auth.recovery.save')}
        </Button>
      </Group>
      <Checkbox className="no-print" checked={ack} onChange={(e) => setAck(e.currentTarget.checked)} label={t('auth.recovery.acknowledge')} />
      <Button className="no-print" size="md" disabled={!ack} onClick={onDone}>
        {doneLabel ?? t('auth.recovery.continue')}
      </Button>
      {!ack ? (
        <Text size="sm" c="dimmed" className="no-print">
          {t('auth.recovery.ackHint')}
        </Text>
      ) : null}
    </Stack>
  );
}
