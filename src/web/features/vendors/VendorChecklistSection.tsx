import { Anchor, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core';
import { IconClipboardList, IconSend } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import type { FrameworkSummaryDto } from '../../../shared/contracts/assessments.contract.ts';
import type { TVendorDetail } from '../../../shared/contracts/vendors.contract.ts';
import { localized, useFrameworkList } from '../frameworks/frameworks.ts';
import { VendorSection } from './VendorSection.tsx';
import { useVendorsChanged } from './vendors.ts';

/** The checklist state the vendors API reports (the newest vendor sheet); the later fields may be absent. */
interface ChecklistView {
  status: string;
  assessmentId: string | null;
  frameworkId?: string | null;
  frameworkVersion?: string | null;
  fiscalYear?: number | null;
  answered?: number | null;
  items?: number | null;
}

const STATUS_COLORS: Record<string, string> = { not_started: 'gray', in_progress: 'blue', submitted: 'orange', accepted: 'green', completed: 'green', locked: 'green' };


/**
 * The vendor sheet to send: the MHLW vendor sheet of the newest fiscal year (or, failing that, the newest built-in vendor
 * sheet).
 */
export function newestVendorSheet(frameworks: FrameworkSummaryDto[]): FrameworkSummaryDto | null {
  const vendorSheets = frameworks.filter((f) => f.sheet === 'vendor');
  const pick = (list: FrameworkSummaryDto[]) =>
    [...list].sort((a, b) => (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0) || b.version.localeCompare(a.version, 'en', { numeric: true }))[0] ?? null;
  return pick(vendorSheets.filter((f) => f.id === 'mhlw-vendor')) ?? pick(vendorSheets.filter((f) => f.owner.type === 'builtin')) ?? pick(vendorSheets);
}

/** The vendor checklist on the vendor page: status, year, progress, the link, and "send" for the security manager. */
export function VendorChecklistSection({ facilityId, vendor, canSend }: { facilityId: string; vendor: TVendorDetail; canSend: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const navigate = useNavigate();
  const changed = useVendorsChanged();
  const c = vendor.checklist as ChecklistView;
  const none = !c.assessmentId;
  const frameworks = useFrameworkList(facilityId, canSend && none);
  const target = frameworks.data ? newestVendorSheet(frameworks.data.items) : null;
  const send = useMutation({
    mutationFn: (f: FrameworkSummaryDto) => api.post<{ id: string } | { assessment: { id: string } }>(`/facilities/${encodeURIComponent(facilityId)}/assessments`, { frameworkId: f.id, version: f.version, vendorId: vendor.id }),
    onSuccess: (res) => {
      changed(facilityId);
      const id = 'assessment' in res ? res.assessment.id : res.id;
      void navigate(PATHS.assessment(id));
    },
  });
  const status = c.status;
  const statusLabel = ['not_started', 'in_progress', 'submitted', 'accepted', 'completed', 'locked'].includes(status) ? t(`vendors.checklist.status.${status as 'not_started'}`) : status;
  const answered = c.answered ?? null;
  const items = c.items ?? null;
  return (
    <VendorSection id="vendor-checklist" title={t('vendors.sections.checklist')} description={t('vendors.checklist.description')}>
      <Stack gap="sm">
        <Group gap="sm" wrap="wrap">
          <Badge color={STATUS_COLORS[status] ?? 'gray'} variant="light" radius="sm" size="lg" leftSection={<IconClipboardList size={16} aria-hidden />} style={{ textTransform: 'none' }}>
            {statusLabel}
          </Badge>
          {c.fiscalYear ? <Text size="sm">{fmt.fiscalYear(c.fiscalYear)}</Text> : null}
          {c.frameworkVersion ? (
            <Text size="sm" c="dimmed">
              {t('vendors.checklist.version', { version: c.frameworkVersion })}
            </Text>
          ) : null}
        </Group>
        {answered !== null && items ? (
          <Stack gap={4}>
            <Text size="sm" id="vendor-checklist-progress">
              {t('vendors.checklist.progress', { answered, items })}
            </Text>
            <Progress value={Math.round((answered / items) * 100)} aria-label={t('vendors.checklist.progress', { answered, items })} />
          </Stack>
        ) : null}
        {c.assessmentId ? (
          <Anchor component={Link} to={PATHS.assessment(c.assessmentId)} size="sm">
            {t('vendors.checklist.open')}
          </Anchor>
        ) : canSend ? (
          <Stack gap="xs">
            {frameworks.isPending ? null : (
              <Text size="sm">
                {target ? t('vendors.checklist.sendIntro', { title: localized(target.title, fmt.locale), year: target.fiscalYear ? fmt.fiscalYear(target.fiscalYear) : target.version }) : t('vendors.checklist.noFramework')}
              </Text>
            )}
            <Group>
              <Button leftSection={<IconSend size={16} aria-hidden />} disabled={!target} loading={send.isPending} onClick={() => target && send.mutate(target)}>
                {t('vendors.checklist.send')}
              </Button>
            </Group>
            {send.error ? <ErrorAlert error={send.error} /> : null}
          </Stack>
        ) : (
          <Text size="sm" c="dimmed">
            {t('vendors.checklist.notSent')}
          </Text>
        )}
      </Stack>
    </VendorSection>
  );
}
