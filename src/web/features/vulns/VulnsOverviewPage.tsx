import { useState, type ReactNode } from 'react';
import { Anchor, Button, Card, Group, Progress, SimpleGrid, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertOctagon, IconArrowRight, IconClockExclamation, IconFlame, IconHourglassHigh, IconListDetails, IconShieldCheck, IconSkull } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { EmptyState } from '../../components/EmptyState.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';
import { todayJst } from '../connections/connections.ts';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { usePermissions } from '../session/permissions.ts';
import { FeedStaleAlert } from './FeedStaleAlert.tsx';
import { FindingCards, FindingsTable } from './FindingsTable.tsx';
import { ExploitBadges, ExposureBadges } from './VulnBadges.tsx';
import { findingsHref, useFindingList, useVulnOverview, type TVulnOverview } from './vulns.ts';
import { VulnsUnavailable } from './VulnsUnavailable.tsx';

/**
 * The vulnerability overview: known-exploited exposure first (which devices carry a KEV vulnerability, exposed entry devices
 * first), then the counts that need attention, newly listed KEV entries that affect the facility, how much of the
 * ledger can be matched at all, and the top findings.
 */
export function VulnsOverviewPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const overview = useVulnOverview(facilityId, perm.readVulns);
  const top = useFindingList(facilityId, { sort: '-priority', page: 1, pageSize: 10 }, perm.readVulns);
  const narrow = useMediaQuery('(max-width: 48em)');
  const fmt = useFormat();

  if (!facilityId || !perm.readVulns) return <VulnsUnavailable title={t('vulns.overview.title')} />;
  const o = overview.data;
  return (
    <>
      <PageHeader
        title={t('vulns.overview.title')}
        description={o?.lastMatchedAt ? t('vulns.overview.lastMatched', { at: fmt.dateTime(o.lastMatchedAt), relative: fmt.relative(o.lastMatchedAt) }) : t('vulns.overview.description')}
        actions={
          <Button component={Link} to={PATHS.vulnFindings} variant="default" leftSection={<IconListDetails size={16} aria-hidden />}>
            {t('vulns.overview.allFindings')}
          </Button>
        }
      />
      <Stack gap="lg">
        <FeedStaleAlert stale={o?.feedsStale} />
        {overview.isPending ? <Loading /> : null}
        {overview.error ? <ErrorAlert error={overview.error} /> : null}
        {o ? (
          <>
            <KevExposure o={o} />
            <Counts o={o} />
            <SimpleGrid cols={{ base: 1, lg: 2 }} spacing="lg">
              <NewKev o={o} />
              <Coverage o={o} />
            </SimpleGrid>
            <SectionCard
              id="vulns-top-title"
              title={t('vulns.overview.top.title')}
              aside={
                <Anchor component={Link} to={PATHS.vulnFindings} size="sm">
                  {t('vulns.overview.top.more')}
                </Anchor>
              }
            >
              {top.error ? <ErrorAlert error={top.error} /> : null}
              {top.data && top.data.items.length === 0 ? <Text size="sm">{t('vulns.overview.top.none')}</Text> : null}
              {top.data && top.data.items.length > 0 ? (
                narrow ? (
                  <FindingCards findings={top.data.items} label={t('vulns.overview.top.title')} />
                ) : (
                  <FindingsTable findings={top.data.items} label={t('vulns.overview.top.title')} />
                )
              ) : null}
            </SectionCard>
          </>
        ) : null}
      </Stack>
    </>
  );
}

/** The block that answers "are we in danger right now?": devices with a known-exploited vulnerability. */
/** How many devices the KEV block lists before "show all". */
const KEV_ASSETS_SHOWN = 5;

function KevExposure({ o }: { o: TVulnOverview }) {
  const { t } = useTranslation();
  const [all, setAll] = useState(false);
  const shown = all ? o.kevAssets : o.kevAssets.slice(0, KEV_ASSETS_SHOWN);
  const fmt = useFormat();
  const today = todayJst();
  const danger = o.kevAssets.length > 0;
  return (
    <Card
      withBorder
      radius="md"
      p={{ base: 'sm', sm: 'md' }}
      component="section"
      aria-labelledby="vulns-kev-title"
      style={danger ? { borderColor: 'var(--mantine-color-red-6)', borderWidth: 2 } : undefined}
    >
      <Group gap="sm" mb="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon size={36} radius="xl" color={danger ? 'red' : 'green'} variant="light" aria-hidden>
          {danger ? <IconFlame size={22} /> : <IconShieldCheck size={22} />}
        </ThemeIcon>
        <Stack gap={2}>
          <Title order={2} size="h3" id="vulns-kev-title">
            {t('vulns.overview.kev.title')}
          </Title>
          <Text size="sm">
            {danger
              ? t('vulns.overview.kev.summary', { assets: o.kevAssets.length, count: o.active.kev, exposed: o.active.kevExposed })
              : t('vulns.overview.kev.none')}
          </Text>
        </Stack>
      </Group>
      {!danger ? (
        <Stack gap={4}>
          <StatusBadge tone={o.feedsStale || o.coverage.percent < 100 ? 'info' : 'ok'}>{t('vulns.overview.kev.noneBadge')}</StatusBadge>
          <Text size="xs" c="dimmed">
            {t('vulns.overview.kev.noneNote', { percent: Math.round(o.coverage.percent) })}
          </Text>
        </Stack>
      ) : (
        <Stack gap="sm" component="ol" aria-label={t('vulns.overview.kev.listLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {shown.map((k) => {
            const overdue = k.earliestDue !== null && k.earliestDue < today;
            return (
              <Card component="li" key={k.asset.id} withBorder radius="sm" p="sm" bg={k.internetFacing || k.vendorReachable ? 'var(--mantine-color-red-0)' : undefined}>
                <Stack gap={6}>
                  <Text fw={700} size="sm">
                    {t('vulns.overview.kev.assetSentence', { asset: k.asset.name, count: k.kevCount })}
                  </Text>
                  <Group gap={6} wrap="wrap">
                    <ExposureBadges internetFacing={k.internetFacing} vendorReachable={k.vendorReachable} />
                    {k.ransomwareCount > 0 ? <ExploitBadges kev={false} ransomware withHelp={false} /> : null}
                    {k.ransomwareCount > 0 ? (
                      <Text size="xs">{t('vulns.overview.kev.ransomwareCount', { count: k.ransomwareCount })}</Text>
                    ) : null}
                  </Group>
                  {k.earliestDue ? (
                    overdue ? (
                      <StatusBadge tone="danger">{t('vulns.overview.kev.overdue', { date: fmt.date(k.earliestDue) })}</StatusBadge>
                    ) : (
                      <Text size="sm">{t('vulns.overview.kev.due', { date: fmt.date(k.earliestDue) })}</Text>
                    )
                  ) : null}
                  <Group gap="md" wrap="wrap">
                    <Anchor component={Link} to={findingsHref(PATHS.vulnFindings, { assetId: k.asset.id, kev: '1' })} size="sm" fw={600}>
                      {t('vulns.overview.kev.openFindings', { asset: k.asset.name })}
                      <IconArrowRight size={14} aria-hidden style={{ verticalAlign: 'middle', marginLeft: 4 }} />
                    </Anchor>
                    <Anchor component={Link} to={PATHS.asset(k.asset.id)} size="sm">
                      {t('vulns.overview.kev.openAsset')}
                    </Anchor>
                  </Group>
                </Stack>
              </Card>
            );
          })}
        </Stack>
      )}
      {o.kevAssets.length > KEV_ASSETS_SHOWN ? (
        <Button variant="subtle" mt="sm" onClick={() => setAll((v) => !v)} aria-expanded={all}>
          {all ? t('vulns.overview.kev.showFewer') : t('vulns.overview.kev.showAll', { count: o.kevAssets.length })}
        </Button>
      ) : null}
    </Card>
  );
}

function CountCard({ icon, color, label, value, help, to }: { icon: ReactNode; color: string; label: string; value: number; help: string; to?: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <Card withBorder radius="md" p="sm" component="li">
      <Group gap="sm" wrap="nowrap" align="flex-start">
        <ThemeIcon size={32} radius="xl" variant="light" color={value > 0 ? color : 'gray'} aria-hidden>
          {icon}
        </ThemeIcon>
        <Stack gap={0} style={{ minWidth: 0 }}>
          <Text size="sm" fw={700}>
            {label}
          </Text>
          <Text size="xl" fw={700} lh={1.3}>
            {t('vulns.overview.counts.value', { count: value, value: fmt.number(value) })}
          </Text>
          <Text size="xs" c="dimmed">
            {help}
          </Text>
          {value > 0 && to ? (
            <Anchor component={Link} to={to} size="xs" mt={2} aria-label={t('vulns.overview.counts.showNamed', { label })}>
              {t('vulns.overview.counts.show')}
            </Anchor>
          ) : null}
        </Stack>
      </Group>
    </Card>
  );
}

/** Overdue, shelved, ransomware, critical and high counts, each linking to the filtered list. */
function Counts({ o }: { o: TVulnOverview }) {
  const { t } = useTranslation();
  const a = o.active;
  return (
    <section aria-labelledby="vulns-counts-title">
      <Title order={2} size="h4" mb="xs" id="vulns-counts-title">
        {t('vulns.overview.counts.title', { count: a.total })}
      </Title>
      <SimpleGrid cols={{ base: 2, md: 3, xl: 5 }} spacing="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        <CountCard icon={<IconClockExclamation size={18} />} color="red" label={t('vulns.overview.counts.overdue')} value={a.overdue} help={t('vulns.overview.counts.overdueHelp')} to={findingsHref(PATHS.vulnFindings, { overdue: '1' })} />
        <CountCard icon={<IconHourglassHigh size={18} />} color="red" label={t('vulns.overview.counts.shelved')} value={a.shelved} help={t('vulns.overview.counts.shelvedHelp')} />
        <CountCard icon={<IconSkull size={18} />} color="grape" label={t('vulns.overview.counts.ransomware')} value={a.ransomware} help={t('vulns.overview.counts.ransomwareHelp')} to={findingsHref(PATHS.vulnFindings, { ransomware: '1' })} />
        <CountCard icon={<IconAlertOctagon size={18} />} color="red" label={t('vulns.overview.counts.critical')} value={a.critical} help={t('vulns.overview.counts.criticalHelp')} to={findingsHref(PATHS.vulnFindings, { sort: '-cvss' })} />
        <CountCard icon={<IconAlertOctagon size={18} />} color="orange" label={t('vulns.overview.counts.high')} value={a.high} help={t('vulns.overview.counts.highHelp')} to={findingsHref(PATHS.vulnFindings, { sort: '-cvss' })} />
      </SimpleGrid>
    </section>
  );
}

/** KEV entries added in the last 30 days that affect the facility. */
function NewKev({ o }: { o: TVulnOverview }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  return (
    <SectionCard id="vulns-newkev-title" title={t('vulns.overview.newKev.title')}>
      {o.newKev.length === 0 ? (
        <Text size="sm">{t('vulns.overview.newKev.none')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {o.newKev.map((n) => (
            <Stack component="li" key={n.vuln.id} gap={2}>
              <Group gap="xs" wrap="wrap">
                <Anchor component={Link} to={PATHS.vulnCve(n.vuln.id)} fw={600} className="mono" size="sm">
                  {n.vuln.id}
                </Anchor>
                <ExploitBadges kev={false} ransomware={n.vuln.ransomware} withHelp={false} />
              </Group>
              {n.vuln.title ? <Text size="sm">{n.vuln.title}</Text> : null}
              <Text size="xs" c="dimmed">
                {t('vulns.overview.newKev.line', { date: n.vuln.kevDateAdded ? fmt.date(n.vuln.kevDateAdded) : '', count: n.assetCount })}
              </Text>
            </Stack>
          ))}
        </Stack>
      )}
    </SectionCard>
  );
}

/** How much of the ledger can be matched: findings only cover assets with a product identity. */
function Coverage({ o }: { o: TVulnOverview }) {
  const { t } = useTranslation();
  const c = o.coverage;
  const pct = Math.round(c.percent);
  return (
    <SectionCard id="vulns-coverage-title" title={t('vulns.overview.coverage.title')}>
      {c.assets === 0 ? (
        <EmptyState title={t('vulns.overview.coverage.noAssets')} description={t('vulns.overview.coverage.noAssetsHelp')} action={<Anchor component={Link} to={PATHS.assets}>{t('vulns.overview.coverage.toAssets')}</Anchor>} />
      ) : (
        <Stack gap="xs">
          <Text fw={700}>{t('vulns.overview.coverage.percent', { percent: pct, identified: c.identified, assets: c.assets })}</Text>
          <Progress value={pct} color={pct >= 90 ? 'green' : pct >= 60 ? 'yellow' : 'red'} size="lg" aria-label={t('vulns.overview.coverage.title')} />
          <Text size="sm">{t('vulns.overview.coverage.note')}</Text>
          {c.identified > c.withVersion ? <Text size="sm">{t('vulns.overview.coverage.noVersion', { count: c.identified - c.withVersion })}</Text> : null}
          <Anchor component={Link} to={PATHS.vulnCoverage} size="sm" fw={600}>
            {t('vulns.overview.coverage.link', { count: c.assets - c.identified })}
          </Anchor>
        </Stack>
      )}
    </SectionCard>
  );
}
