import { useState, type ReactNode } from 'react';
import { Alert, Anchor, Button, Card, Group, List, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconBolt,
  IconCheck,
  IconCircleCheck,
  IconEyeOff,
  IconLock,
  IconProgress,
  IconRefresh,
  IconSearch,
  IconShieldCheck,
  IconSignature,
  type Icon,
} from '@tabler/icons-react';
import { Link, useLocation, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { BackLink, DetailPending } from '../../components/DetailPage.tsx';
import { DetailSection as Section } from '../../components/DetailSection.tsx';
import { HistoryTimeline } from '../../components/HistoryTimeline.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { PrintButton, PrintSheet } from '../../components/PrintSheet.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { DEFAULT_VULN_POLICY, type FindingEventAction } from '../../../shared/vulns/domain.ts';
import type { Exposure } from '../../../shared/ledger.ts';
import { useLedgerFacilityId, useLedgerLabels } from '../ledger/ledger.ts';
import { CriticalityBadge } from '../ledger/CriticalityBadge.tsx';
import { usePermissions } from '../session/permissions.ts';
import { AcceptRiskModal, StatusChangeModal, type StatusTarget } from './FindingActionModals.tsx';
import { ConfidenceBadge, CvssText, DueText, EpssText, ExploitBadges, FindingStatusBadge, PriorityCell, ShelvedBadge } from './VulnBadges.tsx';
import { VulnRecordSection } from './VulnRecordSection.tsx';
import { epssPercent, useFinding, useVuln, useVulnLabels, useVulnPolicy, type TFindingDetail, type TVulnPolicy } from './vulns.ts';
import { VulnsUnavailable } from './VulnsUnavailable.tsx';
import { ScrollTable } from './ScrollTable.tsx';

/** One finding: what is affected and why, how urgent and until when, the history, and the status changes the user may make. */
export function FindingDetailPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const { findingId } = useParams();
  const location = useLocation();
  const listSearch = (location.state as { listSearch?: string } | null)?.listSearch ?? '';
  const q = useFinding(facilityId, perm.readVulns ? (findingId ?? null) : null);
  const policy = useVulnPolicy(facilityId, perm.readVulns);
  const [action, setAction] = useState<StatusTarget | 'accept' | null>(null);

  if (!facilityId || !perm.readVulns) return <VulnsUnavailable title={t('vulns.detail.pageTitle')} />;
  const back = (
    <BackLink to={`${PATHS.vulnFindings}${listSearch}`} className="no-print">
      {t('vulns.detail.back')}
    </BackLink>
  );
  const f = q.data;
  if (!f) return <DetailPending back={back} title={t('vulns.detail.pageTitle')} query={q} notFound={t('vulns.detail.notFound')} />;
  const p = policy.data ?? DEFAULT_VULN_POLICY;
  return (
    <>
      {back}
      <FindingDetail f={f} policy={p} onAction={setAction} />
      {action === 'accept' ? <AcceptRiskModal facilityId={facilityId} finding={f} maxMonths={p.acceptMaxMonths} onClose={() => setAction(null)} /> : null}
      {action && action !== 'accept' ? <StatusChangeModal facilityId={facilityId} finding={f} status={action} onClose={() => setAction(null)} /> : null}
    </>
  );
}

const STATUS_BUTTONS: { status: StatusTarget; icon: ReactNode; variant: 'filled' | 'light' | 'default' | 'outline'; color?: string }[] = [
  { status: 'in_progress', icon: <IconProgress size={16} aria-hidden />, variant: 'filled' },
  { status: 'fixed', icon: <IconCircleCheck size={16} aria-hidden />, variant: 'filled', color: 'green' },
  { status: 'mitigated', icon: <IconShieldCheck size={16} aria-hidden />, variant: 'default' },
  { status: 'false_positive', icon: <IconEyeOff size={16} aria-hidden />, variant: 'default' },
  { status: 'open', icon: <IconArrowBackUp size={16} aria-hidden />, variant: 'default' },
];

function FindingDetail({ f, policy, onAction }: { f: TFindingDetail; policy: TVulnPolicy; onAction: (a: StatusTarget | 'accept') => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const ledgerLabels = useLedgerLabels();
  const labels = useVulnLabels();
  const record = useVuln(f.vuln.id);
  const allowed = new Set(f.allowedStatuses);

  return (
    <PrintSheet messages="vulns.detail">
      <PageHeader
        title={t('vulns.detail.title', { vuln: f.vuln.id, asset: f.asset.name })}
        description={f.vuln.title ?? undefined}
        actions={
          <>
            {STATUS_BUTTONS.filter((b) => allowed.has(b.status)).map((b) => (
              <Button key={b.status} variant={b.variant} color={b.color} leftSection={b.icon} onClick={() => onAction(b.status)}>
                {t(`vulns.actions.buttons.${b.status}`)}
              </Button>
            ))}
            {allowed.has('accepted') ? (
              <Button variant="outline" color="orange" leftSection={<IconSignature size={16} aria-hidden />} onClick={() => onAction('accept')}>
                {t('vulns.accept.open')}
              </Button>
            ) : null}
            <PrintButton />
          </>
        }
      />
      <Stack gap="lg">
        <Card withBorder radius="md" p={{ base: 'sm', sm: 'md' }} component="section" aria-labelledby="finding-status-title">
          <Group gap="sm" mb="sm" wrap="wrap">
            <Title order={2} size="h4" id="finding-status-title">
              {t('vulns.detail.statusTitle')}
            </Title>
            <FindingStatusBadge status={f.status} />
            <ShelvedBadge level={f.escalationLevel} />
            <ExploitBadges kev={f.vuln.kev} ransomware={f.vuln.ransomware} />
          </Group>
          <Stack gap="sm">
            <StatusNotice f={f} />
            <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="sm">
              <Fact label={t('vulns.fields.priority')}>
                <PriorityCell finding={f} />
              </Fact>
              <Fact label={t('vulns.fields.dueOn')}>
                <DueText finding={f} />
              </Fact>
              <Fact label={t('vulns.fields.confidence')}>
                <Group gap={6}>
                  <ConfidenceBadge confidence={f.confidence} />
                </Group>
                <Text size="xs" c="dimmed">
                  {labels.confidenceHelp(f.confidence)}
                </Text>
              </Fact>
            </SimpleGrid>
            <Text size="sm">{t('vulns.detail.dueRuleSentence', { rule: labels.dueRule(f.dueRule), count: policy.dueDays[f.dueRule], date: fmt.date(f.dueOn) })}</Text>
          </Stack>
        </Card>

        <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
          <Section
            title={t('vulns.detail.sections.asset')}
            rows={[
              [t('vulns.fields.asset'), <Anchor key="a" component={Link} to={PATHS.asset(f.asset.id)} size="sm">{f.asset.name}</Anchor>],
              [t('ledger.fields.assetTag'), f.asset.assetTag ? <Text size="sm" className="mono">{f.asset.assetTag}</Text> : null],
              [t('ledger.fields.type'), ledgerLabels.type(f.asset.type as Parameters<typeof ledgerLabels.type>[0])],
              [t('ledger.fields.exposure'), ledgerLabels.exposure(f.asset.exposure as Exposure)],
              [t('ledger.fields.criticality'), <CriticalityBadge key="c" value={f.asset.criticality} long />],
            ]}
          />
          <Section
            title={t('vulns.detail.sections.scores')}
            rows={[
              [t('vulns.fields.cvss'), <CvssText key="c" score={f.vuln.cvss} version={f.vuln.cvssVersion} />],
              [
                t('vulns.fields.epss'),
                <Stack key="e" gap={0}>
                  <EpssText epss={f.vuln.epss} />
                  {f.vuln.epssPercentile !== null ? (
                    <Text size="xs" c="dimmed">
                      {t('vulns.detail.epssPercentile', { pct: Math.round(f.vuln.epssPercentile * 100) })}
                    </Text>
                  ) : null}
                </Stack>,
              ],
              [t('vulns.fields.kev'), f.vuln.kev ? t('vulns.detail.kevYes', { added: f.vuln.kevDateAdded ? fmt.date(f.vuln.kevDateAdded) : '', due: f.vuln.kevDueDate ? fmt.date(f.vuln.kevDueDate) : '' }) : t('vulns.detail.kevNo')],
              [t('vulns.fields.ransomware'), f.vuln.ransomware ? t('vulns.detail.ransomwareYes') : t('vulns.detail.ransomwareNo')],
              [t('vulns.fields.firstSeen'), fmt.dateTime(f.firstSeenAt)],
              [t('vulns.fields.lastSeen'), fmt.dateTime(f.lastSeenAt)],
            ]}
          />
        </SimpleGrid>

        <Section title={t('vulns.detail.sections.factors')}>
          <PriorityFactors f={f} />
        </Section>

        <Section title={t('vulns.detail.sections.evidence')}>
          <Evidence f={f} />
        </Section>

        <VulnRecordSection query={record} headingLevel={2} />

        <Section title={t('vulns.history.title')}>
          <HistoryTimeline events={f.history} messages="vulns.history" icons={EVENT_ICONS} colors={EVENT_COLORS} actionLabel={labels.event} statusLabel={labels.status} />
        </Section>
      </Stack>
    </PrintSheet>
  );
}

/** One fact of the status card: a small bold label over its value. */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="xs" fw={700}>
        {label}
      </Text>
      {children}
    </Stack>
  );
}

/** What the status means now, in one sentence: who accepted the risk until when, why it was closed, or what to do next. */
function StatusNotice({ f }: { f: TFindingDetail }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const by = f.statusChangedBy === 'system' ? t('vulns.history.system') : f.statusChangedBy;
  switch (f.status) {
    case 'accepted':
      return (
        <Alert color="yellow" variant="light" icon={<IconLock aria-hidden />} title={t('vulns.detail.notice.acceptedTitle')}>
          <Stack gap={4}>
            <Text size="sm">{t('vulns.detail.notice.accepted', { by: f.acceptedBy ?? by, until: f.acceptedUntil ? fmt.date(f.acceptedUntil) : '' })}</Text>
            {f.statusReason ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {t('vulns.detail.notice.reason', { reason: f.statusReason })}
              </Text>
            ) : null}
          </Stack>
        </Alert>
      );
    case 'fixed':
    case 'mitigated':
    case 'false_positive':
      return (
        <Alert color="gray" variant="light" p="sm">
          <Text size="sm">
            {f.autoClosed ? t('vulns.detail.notice.autoClosed', { at: fmt.dateTime(f.statusChangedAt), by }) : t(`vulns.detail.notice.${f.status}`, { at: fmt.dateTime(f.statusChangedAt), by })}
          </Text>
          {f.statusReason ? (
            <Text size="sm" mt={4} style={{ whiteSpace: 'pre-wrap' }}>
              {t('vulns.detail.notice.reason', { reason: f.statusReason })}
            </Text>
          ) : null}
        </Alert>
      );
    case 'in_progress':
      return <Text size="sm">{t('vulns.detail.notice.in_progress', { by, at: fmt.dateTime(f.statusChangedAt) })}</Text>;
    case 'open':
      return f.overdue ? (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} p="sm">
          <Text size="sm">{t('vulns.detail.notice.openOverdue', { date: fmt.date(f.dueOn) })}</Text>
        </Alert>
      ) : (
        <Text size="sm">{t('vulns.detail.notice.open')}</Text>
      );
  }
}

/** The facts behind the priority score, as sentences. */
function PriorityFactors({ f }: { f: TFindingDetail }) {
  const { t } = useTranslation();
  const ledgerLabels = useLedgerLabels();
  const labels = useVulnLabels();
  const p = f.priorityFactors;
  const lines: { key: string; text: string; strong?: boolean }[] = [];
  if (p.kev) lines.push({ key: 'kev', text: t('vulns.factors.kev'), strong: true });
  if (p.ransomware) lines.push({ key: 'ransomware', text: t('vulns.factors.ransomware'), strong: true });
  if (p.internetFacing) lines.push({ key: 'internet', text: t('vulns.factors.internetFacing'), strong: true });
  if (p.vendorReachable) lines.push({ key: 'vendor', text: t('vulns.factors.vendorReachable'), strong: true });
  if (!p.internetFacing && !p.vendorReachable) lines.push({ key: 'internal', text: t('vulns.factors.internal') });
  lines.push({ key: 'crit', text: t('vulns.factors.criticality', { label: ledgerLabels.criticalityLong(p.criticality) }) });
  if (p.holdsPatientData) lines.push({ key: 'patient', text: t('vulns.factors.patientData') });
  lines.push({ key: 'epss', text: p.epss !== null ? t('vulns.factors.epss', { pct: epssPercent(p.epss) ?? '' }) : t('vulns.factors.noEpss') });
  lines.push({ key: 'cvss', text: p.cvss !== null ? t('vulns.factors.cvss', { score: p.cvss.toFixed(1) }) : t('vulns.factors.noCvss') });
  lines.push({ key: 'confidence', text: t('vulns.factors.confidence', { label: labels.confidence(p.confidence) }) });
  return (
    <Stack gap="xs">
      <Text size="sm">{t('vulns.factors.intro', { score: f.priority })}</Text>
      <List size="sm" spacing={4} icon={<IconBolt size={14} aria-hidden />}>
        {lines.map((l) => (
          <List.Item key={l.key} fw={l.strong ? 700 : undefined}>
            {l.text}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

/** Why the finding exists: which criteria, which identity of the asset, which range, and the reason. */
function Evidence({ f }: { f: TFindingDetail }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  if (f.evidence.length === 0) return <Text size="sm">{t('vulns.evidence.none')}</Text>;
  return (
    <ScrollTable minWidth={760} label={t('vulns.detail.sections.evidence')}>
      <Table verticalSpacing="xs" aria-label={t('vulns.detail.sections.evidence')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('vulns.evidence.criteria')}</Table.Th>
            <Table.Th>{t('vulns.evidence.range')}</Table.Th>
            <Table.Th>{t('vulns.evidence.identity')}</Table.Th>
            <Table.Th>{t('vulns.evidence.reason')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {f.evidence.map((e, i) => (
            <Table.Tr key={`${e.criteria}-${e.identity}-${i}`}>
              <Table.Td maw={320}>
                <Text size="xs" className="mono" style={{ wordBreak: 'break-all' }}>
                  {e.criteria}
                </Text>
                {!e.vulnerable ? (
                  <Text size="xs" c="dimmed">
                    {t('vulns.evidence.platform')}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                <Text size="sm" className="mono">
                  {e.range ?? t('vulns.evidence.noRange')}
                </Text>
              </Table.Td>
              <Table.Td maw={280}>
                <Text size="xs" className="mono" style={{ wordBreak: 'break-all' }}>
                  {e.identity}
                </Text>
              </Table.Td>
              <Table.Td miw={200}>
                <Text size="sm">{labels.reason(e.reason)}</Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

const EVENT_ICONS: Record<FindingEventAction, Icon> = {
  detected: IconSearch,
  status: IconCheck,
  accepted: IconSignature,
  accept_expired: IconLock,
  auto_closed: IconCircleCheck,
  reopened: IconArrowBackUp,
  escalated: IconAlertTriangle,
  rematched: IconRefresh,
};
const EVENT_COLORS: Partial<Record<FindingEventAction, string>> = { detected: 'red', accepted: 'yellow', auto_closed: 'green', escalated: 'orange', accept_expired: 'orange' };
