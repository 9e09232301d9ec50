import { Anchor, Card, Group, Stack, Table, Text } from '@mantine/core';
import { Link, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { SortHeader } from '../../components/SortHeader.tsx';
import { PATHS } from '../../paths.ts';
import { ConfidenceBadge, CvssText, DueText, EpssText, ExploitBadges, FindingStatusBadge, PriorityCell, ShelvedBadge } from './VulnBadges.tsx';
import type { TFinding } from './vulns.ts';
import { ScrollTable } from './ScrollTable.tsx';

/** The vulnerability's id (links to the per-CVE page) with its Japanese title when there is one. */
export function VulnCell({ finding: f, linkToFinding = true }: { finding: TFinding; linkToFinding?: boolean }) {
  const { search } = useLocation();
  return (
    <Stack gap={2}>
      {linkToFinding ? (
        <Anchor component={Link} to={PATHS.vulnFinding(f.id)} state={{ listSearch: search }} fw={600} className="mono" size="sm">
          {f.vuln.id}
        </Anchor>
      ) : (
        <Anchor component={Link} to={PATHS.vulnCve(f.vuln.id)} fw={600} className="mono" size="sm">
          {f.vuln.id}
        </Anchor>
      )}
      {f.vuln.title ? (
        <Text size="xs" c="dimmed" lineClamp={2}>
          {f.vuln.title}
        </Text>
      ) : null}
    </Stack>
  );
}

function AssetCell({ finding: f }: { finding: TFinding }) {
  return (
    <Stack gap={2}>
      <Anchor component={Link} to={PATHS.asset(f.asset.id)} size="sm">
        {f.asset.name}
      </Anchor>
      {f.asset.assetTag ? (
        <Text size="xs" c="dimmed" className="mono">
          {f.asset.assetTag}
        </Text>
      ) : null}
    </Stack>
  );
}

type SortKey = 'priority' | 'vuln' | 'asset' | 'cvss' | 'epss' | 'status' | 'due';

/**
 * Findings as a table (wide screens): priority, vulnerability (+ JVN title, KEV/ransomware marks), asset, CVSS, EPSS,
 * confidence, status, deadline — narrow enough for a 1280 px screen; it scrolls sideways below that. Sortable when
 * `onSort` is given; `hideAsset` on an asset's own page.
 */
export function FindingsTable({ findings, sort, onSort, hideAsset = false, label }: { findings: TFinding[]; sort?: string; onSort?: (sort: string) => void; hideAsset?: boolean; label: string }) {
  const { t } = useTranslation();
  const h = (column: SortKey, text: string) =>
    sort !== undefined && onSort ? (
      <SortHeader column={column} label={text} name={t('vulns.list.sortBy', { column: text })} sort={sort} onSort={onSort} />
    ) : (
      <Table.Th style={{ whiteSpace: 'nowrap' }}>{text}</Table.Th>
    );
  return (
    <ScrollTable minWidth={hideAsset ? 720 : 860} label={label}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={label}>
        <Table.Thead>
          <Table.Tr>
            {h('priority', t('vulns.fields.priority'))}
            {h('vuln', t('vulns.fields.vuln'))}
            {hideAsset ? null : h('asset', t('vulns.fields.asset'))}
            {h('cvss', t('vulns.fields.cvss'))}
            {h('epss', t('vulns.fields.epss'))}
            <Table.Th style={{ whiteSpace: 'nowrap' }}>{t('vulns.fields.confidence')}</Table.Th>
            {h('status', t('vulns.fields.status'))}
            {h('due', t('vulns.fields.dueOn'))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {findings.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td>
                <PriorityCell finding={f} />
              </Table.Td>
              <Table.Td miw={180} maw={280}>
                <Stack gap={6}>
                  <VulnCell finding={f} />
                  <ExploitBadges kev={f.vuln.kev} ransomware={f.vuln.ransomware} />
                </Stack>
              </Table.Td>
              {hideAsset ? null : (
                <Table.Td miw={130} maw={200}>
                  <AssetCell finding={f} />
                </Table.Td>
              )}
              <Table.Td>
                <CvssText score={f.vuln.cvss} />
              </Table.Td>
              <Table.Td>
                <EpssText epss={f.vuln.epss} />
              </Table.Td>
              <Table.Td>
                <ConfidenceBadge confidence={f.confidence} />
              </Table.Td>
              <Table.Td>
                <Stack gap={4} align="flex-start">
                  <FindingStatusBadge status={f.status} />
                  <ShelvedBadge level={f.escalationLevel} />
                </Stack>
              </Table.Td>
              <Table.Td>
                <DueText finding={f} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

/** Findings as cards (phones): the same facts, worst news first in each card. */
export function FindingCards({ findings, hideAsset = false, label }: { findings: TFinding[]; hideAsset?: boolean; label: string }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" component="ul" aria-label={label} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {findings.map((f) => (
        <Card component="li" key={f.id} withBorder radius="md" p="sm">
          <Stack gap={6}>
            <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
              <VulnCell finding={f} />
              <PriorityCell finding={f} />
            </Group>
            {hideAsset ? null : <AssetCell finding={f} />}
            <ExploitBadges kev={f.vuln.kev} ransomware={f.vuln.ransomware} withHelp={false} />
            <Group gap="xs" wrap="wrap">
              <FindingStatusBadge status={f.status} />
              <ShelvedBadge level={f.escalationLevel} />
              <ConfidenceBadge confidence={f.confidence} />
            </Group>
            <Group gap="md" wrap="wrap">
              <Group gap={4} wrap="nowrap">
                <Text size="xs" fw={700}>
                  {t('vulns.fields.cvss')}
                </Text>
                <CvssText score={f.vuln.cvss} />
              </Group>
              <Group gap={4} wrap="nowrap">
                <Text size="xs" fw={700}>
                  {t('vulns.fields.epss')}
                </Text>
                <EpssText epss={f.vuln.epss} />
              </Group>
            </Group>
            <Group gap="xs" wrap="wrap">
              <Text size="xs" fw={700}>
                {t('vulns.fields.dueOn')}
              </Text>
              <DueText finding={f} />
            </Group>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
