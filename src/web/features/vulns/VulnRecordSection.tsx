import type { ReactNode } from 'react';
import { Alert, Anchor, Badge, Group, List, Spoiler, Stack, Table, Text, Title } from '@mantine/core';
import { IconExternalLink, IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { DetailRows, DetailSection, type DetailRow } from '../../components/DetailSection.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useFormat } from '../../lib/format.ts';
import { CvssText, EpssText, ExploitBadges } from './VulnBadges.tsx';
import { vulnExternalUrl, type TVulnDetail } from './vulns.ts';
import { ScrollTable } from './ScrollTable.tsx';

/** A link that opens outside mamori (NVD, JVN, vendor advisories), marked as such. */
export function ExternalLink({ href, children }: { href: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Anchor href={href} target="_blank" rel="noopener noreferrer" size="sm" style={{ overflowWrap: 'anywhere' }}>
      {children}
      <IconExternalLink size={12} aria-label={t('vulns.record.externalLink')} style={{ marginLeft: 2, verticalAlign: 'middle' }} />
    </Anchor>
  );
}

/**
 * The vulnerability itself (deployment-wide data): the JVN Japanese title and summary first, NVD's description,
 * the KEV entry (date added, CISA's due date, ransomware use, required action), CWE and references; with
 * `withCriteria` the products NVD names. "not analysed by NVD" when NVD has not analysed it yet.
 */
export function VulnRecordSection({ query, withCriteria = false, headingLevel = 2 }: { query: { data?: TVulnDetail; isPending: boolean; error: unknown }; withCriteria?: boolean; headingLevel?: 2 | 3 }) {
  const { t } = useTranslation();
  const title = t('vulns.record.title');
  const v = query.data;
  return (
    <DetailSection title={title}>
      {query.isPending ? <Loading /> : null}
      {query.error ? <ErrorAlert error={query.error} /> : null}
      {v ? <VulnRecord v={v} withCriteria={withCriteria} headingLevel={headingLevel} /> : null}
    </DetailSection>
  );
}

function VulnRecord({ v, withCriteria, headingLevel }: { v: TVulnDetail; withCriteria: boolean; headingLevel: 2 | 3 }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const sub = (headingLevel + 1) as 3 | 4;
  const external = vulnExternalUrl(v.id);
  const rows: DetailRow[] = [
    [t('vulns.fields.vulnId'), external ? <ExternalLink key="id" href={external}>{v.id}</ExternalLink> : v.id],
    [t('vulns.fields.cvss'), <Stack key="cvss" gap={0}><CvssText score={v.cvss} version={v.cvssVersion} />{v.cvss3Vector || v.cvss4Vector ? <Text size="xs" c="dimmed" className="mono">{v.cvss4Vector ?? v.cvss3Vector}</Text> : null}</Stack>],
    [t('vulns.fields.epss'), <EpssText key="epss" epss={v.epss} />],
    [t('vulns.fields.published'), v.published ? fmt.dateTime(v.published) : null],
    [t('vulns.fields.lastModified'), v.lastModified ? fmt.dateTime(v.lastModified) : null],
    [t('vulns.fields.cwe'), v.cwes.length ? v.cwes.join(', ') : null],
  ];
  return (
    <Stack gap="md">
      <ExploitBadges kev={v.kev} ransomware={v.ransomware} />
      {v.unanalysed ? (
        <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title={t('vulns.record.unanalysedTitle')}>
          {t('vulns.record.unanalysed')}
        </Alert>
      ) : null}
      {v.jvn.map((j) => (
        <Stack key={j.id} gap={4} lang="ja">
          <Title order={sub} size="h5">
            {j.title}
          </Title>
          {j.summary ? (
            <Spoiler maxHeight={120} showLabel={t('vulns.record.more')} hideLabel={t('vulns.record.less')}>
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {j.summary}
              </Text>
            </Spoiler>
          ) : null}
          <Group gap="xs" wrap="wrap">
            {j.url ? <ExternalLink href={j.url}>{t('vulns.record.jvnLink', { id: j.id })}</ExternalLink> : <Text size="sm">{j.id}</Text>}
            {j.cvssScore !== null ? (
              <Text size="xs" c="dimmed">
                {t('vulns.record.jvnCvss', { score: j.cvssScore.toFixed(1), severity: j.cvssSeverity ?? '' })}
              </Text>
            ) : null}
          </Group>
        </Stack>
      ))}
      {v.description ? (
        <Stack gap={4}>
          <Title order={sub} size="h5">
            {t('vulns.record.description')}
          </Title>
          <Spoiler maxHeight={120} showLabel={t('vulns.record.more')} hideLabel={t('vulns.record.less')}>
            <Text size="sm" lang="en" style={{ whiteSpace: 'pre-wrap' }}>
              {v.description}
            </Text>
          </Spoiler>
        </Stack>
      ) : null}
      {v.kevInfo ? (
        <Stack gap={4}>
          <Title order={sub} size="h5">
            {t('vulns.record.kevTitle')}
          </Title>
          <DetailRows
            rows={[
              [t('vulns.record.kevAdded'), fmt.date(v.kevInfo.dateAdded)],
              [t('vulns.record.kevDue'), fmt.date(v.kevInfo.dueDate)],
              [t('vulns.fields.ransomware'), v.kevInfo.ransomware ? t('vulns.detail.ransomwareYes') : t('vulns.record.ransomwareUnknown')],
              [t('vulns.record.kevProduct'), `${v.kevInfo.vendorProject} ${v.kevInfo.product}`],
              [t('vulns.record.kevName'), <Text key="n" size="sm" lang="en">{v.kevInfo.name}</Text>],
              [t('vulns.record.kevAction'), <Text key="a" size="sm" lang="en">{v.kevInfo.requiredAction}</Text>],
            ]}
          />
        </Stack>
      ) : null}
      <DetailRows rows={rows} />
      {withCriteria ? <Criteria v={v} sub={sub} /> : null}
      {v.references.length > 0 ? (
        <Stack gap={4}>
          <Title order={sub} size="h5">
            {t('vulns.record.references')}
          </Title>
          <Spoiler maxHeight={150} showLabel={t('vulns.record.more')} hideLabel={t('vulns.record.less')}>
            <List size="sm" spacing={2}>
              {v.references.map((r) => (
                <List.Item key={r.url}>
                  <ExternalLink href={r.url}>{r.url}</ExternalLink>
                  {r.tags.length ? (
                    <Text span size="xs" c="dimmed" ml={6}>
                      {r.tags.join(', ')}
                    </Text>
                  ) : null}
                </List.Item>
              ))}
            </List>
          </Spoiler>
        </Stack>
      ) : null}
    </Stack>
  );
}

/** The products NVD names (criteria and version ranges), by configuration. */
function Criteria({ v, sub }: { v: TVulnDetail; sub: 3 | 4 }) {
  const { t } = useTranslation();
  return (
    <Stack gap={4}>
      <Title order={sub} size="h5">
        {t('vulns.record.criteria')}
      </Title>
      {v.criteria.length === 0 ? (
        <Text size="sm">{t('vulns.record.noCriteria')}</Text>
      ) : (
        <ScrollTable minWidth={640} label={t('vulns.record.criteria')}>
          <Table verticalSpacing={4} aria-label={t('vulns.record.criteria')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('vulns.record.configuration')}</Table.Th>
                <Table.Th>{t('vulns.evidence.criteria')}</Table.Th>
                <Table.Th>{t('vulns.evidence.range')}</Table.Th>
                <Table.Th>{t('vulns.record.role')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {v.criteria.map((c, i) => (
                <Table.Tr key={`${c.configuration}-${c.criteria}-${i}`}>
                  <Table.Td>{c.configuration + 1}</Table.Td>
                  <Table.Td>
                    <Text size="xs" className="mono" style={{ wordBreak: 'break-all' }}>
                      {c.criteria}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" className="mono">
                      {c.range ?? t('vulns.evidence.noRange')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="outline" color={c.vulnerable ? 'red' : 'gray'} radius="sm" style={{ textTransform: 'none' }}>
                      {c.vulnerable ? t('vulns.record.vulnerable') : t('vulns.record.platform')}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Stack>
  );
}
