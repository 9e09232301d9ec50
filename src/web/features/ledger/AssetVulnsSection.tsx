import { useState } from 'react';
import { Alert, Anchor, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconFingerprint, IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DetailSection } from '../../components/DetailSection.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { StatusBadge } from '../../components/StatusBadge.tsx';
import { PATHS } from '../../paths.ts';
import type { TAssetDetail } from '../../../shared/contracts/ledger.contract.ts';
import { usePermissions } from '../session/permissions.ts';
import { CpeSuggestModal } from '../vulns/CpeSuggestModal.tsx';
import { FindingCards, FindingsTable } from '../vulns/FindingsTable.tsx';
import { findingsHref, isActive, useAssetVulns, useVulnLabels } from '../vulns/vulns.ts';

/**
 * The vulnerability section of an asset's page: the product identities the matching uses (and where each came from), the asset's
 * findings with status, priority and deadline, and a CPE picker when the asset has no identity yet.
 * Nothing for users without the vulnerability views.
 */
export function AssetVulnsSection({ facilityId, asset }: { facilityId: string; asset: TAssetDetail }) {
  const { t } = useTranslation();
  const perm = usePermissions();
  const labels = useVulnLabels();
  const narrow = useMediaQuery('(max-width: 48em)');
  const q = useAssetVulns(facilityId, asset.id, perm.readVulns);
  const [picking, setPicking] = useState(false);
  if (!perm.readVulns) return null;
  const title = t('vulns.assetSection.title');
  const data = q.data;
  const active = data ? data.findings.filter((f) => isActive(f.status)).length : 0;
  return (
    <DetailSection title={title}>
      <Stack gap="sm">
        {q.isPending ? <Loading /> : null}
        {q.error ? <ErrorAlert error={q.error} /> : null}
        {data ? (
          <>
            <Title order={3} size="h5">
              {t('vulns.assetSection.identities')}
            </Title>
            {data.identities.length === 0 ? (
              <Alert color="orange" variant="light" icon={<IconInfoCircle aria-hidden />} p="sm">
                <Stack gap={6}>
                  <Text size="sm">{t('vulns.assetSection.noIdentity')}</Text>
                  {perm.writeLedger ? (
                    <Group>
                      <Button size="xs" leftSection={<IconFingerprint size={14} aria-hidden />} onClick={() => setPicking(true)}>
                        {t('vulns.assetSection.suggest')}
                      </Button>
                    </Group>
                  ) : null}
                </Stack>
              </Alert>
            ) : (
              <Table verticalSpacing={4} aria-label={t('vulns.assetSection.identities')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('vulns.identity.cpe')}</Table.Th>
                    <Table.Th>{t('vulns.identity.sourceLabel')}</Table.Th>
                    <Table.Th>{t('vulns.identity.versionLabel')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.identities.map((i) => (
                    <Table.Tr key={`${i.source}-${i.cpe}`}>
                      <Table.Td>
                        <Text size="xs" className="mono" style={{ wordBreak: 'break-all' }}>
                          {i.cpe}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{i.alias ? t('vulns.identity.aliasRule', { source: labels.identitySource(i.source), alias: i.alias }) : labels.identitySource(i.source)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {i.version === 'exact' ? <Text size="sm">{labels.identityVersion(i.version)}</Text> : <StatusBadge tone="warn">{labels.identityVersion(i.version)}</StatusBadge>}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            )}
            <Group justify="space-between" mt="xs" wrap="wrap">
              <Title order={3} size="h5">
                {t('vulns.assetSection.findings', { count: active })}
              </Title>
              {data.findings.length > 0 ? (
                <Anchor component={Link} to={findingsHref(PATHS.vulnFindings, { assetId: asset.id, status: 'all' })} size="sm">
                  {t('vulns.assetSection.openList')}
                </Anchor>
              ) : null}
            </Group>
            {data.findings.length === 0 ? (
              <Text size="sm">{data.identities.length === 0 ? t('vulns.assetSection.noneNoIdentity') : t('vulns.assetSection.none')}</Text>
            ) : narrow ? (
              <FindingCards findings={data.findings} hideAsset label={title} />
            ) : (
              <FindingsTable findings={data.findings} hideAsset label={title} />
            )}
          </>
        ) : null}
      </Stack>
      {picking ? (
        <CpeSuggestModal
          facilityId={facilityId}
          asset={{ id: asset.id, name: asset.name, vendor: asset.vendor, product: asset.product, version: asset.version, cpe: asset.cpe }}
          onClose={() => setPicking(false)}
        />
      ) : null}
    </DetailSection>
  );
}
