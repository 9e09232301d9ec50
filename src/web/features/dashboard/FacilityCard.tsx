import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import type { TFacility } from '../../api/types.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { useLabels } from '../../components/options.ts';
import { useFormat } from '../../lib/format.ts';
import { PATHS } from '../../paths.ts';

export function useFacility(id: string | null) {
  return useQuery({ queryKey: ['facilities', id], queryFn: () => api.get<TFacility>(`/facilities/${encodeURIComponent(id ?? '')}`), enabled: Boolean(id) });
}

export function FacilityCard({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const q = useFacility(facilityId);
  const f = q.data;
  const none = t('common.notSet');
  return (
    <Card withBorder radius="md" p="lg" h="100%">
      <Group justify="space-between" mb="sm">
        <Title order={2} size="h4">
          {t('dashboard.facility.title')}
        </Title>
        <Anchor component={Link} to={PATHS.facilities} size="sm">
          {t('dashboard.facility.link')}
        </Anchor>
      </Group>
      {q.isPending ? <Loading /> : null}
      {q.error ? <ErrorAlert error={q.error} /> : null}
      {f ? (
        <Stack gap="xs">
          <Text fw={700} size="lg">
            {f.name}
          </Text>
          <Table variant="vertical" withTableBorder={false} layout="fixed">
            <Table.Tbody>
              <Table.Tr>
                <Table.Th w="45%">{t('facilities.fields.code')}</Table.Th>
                <Table.Td className="mono">{f.code}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('facilities.fields.kind')}</Table.Th>
                <Table.Td>{labels.facilityKind(f.kind)}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('facilities.fields.beds')}</Table.Th>
                <Table.Td>{f.beds === null ? none : t('facilities.bedsValue', { count: f.beds, formatted: fmt.number(f.beds) })}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('facilities.fields.prefecture')}</Table.Th>
                <Table.Td>{f.prefecture ? labels.prefecture(f.prefecture) : none}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th>{t('facilities.fields.medicalInstitutionCode')}</Table.Th>
                <Table.Td className={f.medicalInstitutionCode ? 'mono' : undefined}>{f.medicalInstitutionCode ?? none}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Stack>
      ) : null}
    </Card>
  );
}
