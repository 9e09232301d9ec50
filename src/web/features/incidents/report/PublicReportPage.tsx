import { useState, type ReactNode } from 'react';
import { Alert, Box, Button, Container, Group, Loader, Paper, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { IconClockPause, IconLinkOff, IconPlus } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { Brand } from '../../../components/Brand.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { useDocumentTitle } from '../../../components/useDocumentTitle.ts';
import { changeLocale, LOCALES } from '../../../i18n/index.ts';
import { useLocale } from '../../../lib/format.ts';
import { ReportForm } from './ReportForm.tsx';
import { ReportReceived } from './ReportReceived.tsx';
import { publicReportBody, reportPath, retryMinutes, usePublicReportLink, type PhotoPayload, type ReportDraft } from './reports.ts';

/**
 * The poster's page (/r/:token), outside the app: no account, no links into the app. Shows the facility's name, the same
 * one-minute form plus name and extension, the rate limit in words, and the calm success screen.
 */
export function PublicReportPage() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const link = usePublicReportLink(token);

  if (link.isPending) {
    return (
      <PublicFrame>
        <Group justify="center" py="xl">
          <Loader aria-label={t('common.loading')} />
        </Group>
      </PublicFrame>
    );
  }
  if (link.error) {
    if (isApiError(link.error) && link.error.code === 'RATE_LIMITED') {
      return (
        <PublicFrame>
          <RateLimited error={link.error} />
        </PublicFrame>
      );
    }
    if (isApiError(link.error) && link.error.status === 404) {
      return (
        <PublicFrame>
          <Alert color="orange" variant="light" role="alert" icon={<IconLinkOff aria-hidden />} title={t('incidentReports.public.unknownTitle')}>
            <Text size="md">{t('incidentReports.public.unknown')}</Text>
          </Alert>
        </PublicFrame>
      );
    }
    return (
      <PublicFrame>
        <ErrorAlert error={link.error} />
        <Button onClick={() => void link.refetch()}>{t('common.retry')}</Button>
      </PublicFrame>
    );
  }
  return <PublicReport token={token} facilityName={link.data.facilityName} />;
}

function PublicReport({ token, facilityName }: { token: string; facilityName: string }) {
  const { t } = useTranslation();
  const [receivedAt, setReceivedAt] = useState<string | null>(null);
  const [formKey, setFormKey] = useState(0);
  const send = useMutation({
    mutationFn: ({ draft, photo, now }: { draft: ReportDraft; photo: PhotoPayload | null; now: Date }) =>
      api.post<{ ok: true; receivedAt: string }>(reportPath.publicLink(token), publicReportBody(draft, now, photo)),
    onSuccess: (r) => {
      setReceivedAt(r.receivedAt);
      window.scrollTo({ top: 0 });
    },
  });
  const rateLimited = isApiError(send.error) && send.error.code === 'RATE_LIMITED';
  const gone = isApiError(send.error) && send.error.status === 404;

  if (receivedAt) {
    return (
      <PublicFrame>
        <ReportReceived
          lead={t('incidentReports.done.publicLead', { facility: facilityName })}
          receivedAt={receivedAt}
          actions={
            <Button
              size="md"
              variant="subtle"
              leftSection={<IconPlus size={18} aria-hidden />}
              onClick={() => {
                setReceivedAt(null);
                send.reset();
                setFormKey((k) => k + 1);
              }}
            >
              {t('incidentReports.done.another')}
            </Button>
          }
        />
      </PublicFrame>
    );
  }
  return (
    <PublicFrame>
      <Paper withBorder radius="md" p="md">
        <Stack gap={4}>
          <Text size="lg" fw={700} data-testid="public-report-facility">
            {t('incidentReports.public.to', { facility: facilityName })}
          </Text>
          <Text size="md">{t('incidentReports.public.lead')}</Text>
        </Stack>
      </Paper>
      <ReportForm
        key={formKey}
        mode="link"
        submitting={send.isPending}
        error={send.error}
        sendError={
          rateLimited ? (
            <RateLimited error={send.error} />
          ) : gone ? (
            <Alert color="orange" variant="light" role="alert" icon={<IconLinkOff aria-hidden />} title={t('incidentReports.public.unknownTitle')}>
              {t('incidentReports.public.unknown')}
            </Alert>
          ) : undefined
        }
        onSubmit={(draft, photo, now) => send.mutate({ draft, photo, now })}
      />
    </PublicFrame>
  );
}

function RateLimited({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <Alert color="orange" variant="light" role="alert" icon={<IconClockPause aria-hidden />} title={t('incidentReports.public.rateLimitedTitle')} data-testid="report-rate-limited">
      <Text size="md">{t('incidentReports.public.rateLimited', { minutes: retryMinutes(error) })}</Text>
    </Alert>
  );
}

/** The public page's own frame: brand (not a link), a language switch that needs no account, one column. */
function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const title = t('incidentReports.public.pageTitle');
  useDocumentTitle(title);
  return (
    <Box mih="100vh" bg="gray.0">
      <Group justify="space-between" px="md" py="sm" component="header" wrap="nowrap">
        <Brand />
        <SegmentedControl
          aria-label={t('language.menuTitle')}
          value={locale}
          onChange={(v) => void changeLocale(v === 'en' ? 'en' : 'ja')}
          data={LOCALES.map((l) => ({ value: l, label: t(`language.names.${l}`) }))}
          size="sm"
        />
      </Group>
      <Container size={720} px={{ base: 'xs', sm: 'md' }} pb="xl" component="main" id="main">
        <Stack gap="md" mt="sm">
          <Title order={1} size="h1" c="red.9">
            {title}
          </Title>
          {children}
        </Stack>
      </Container>
    </Box>
  );
}
