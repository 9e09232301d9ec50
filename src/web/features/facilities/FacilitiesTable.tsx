import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { IconPencil } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TFacility, TGroup } from '../../api/types.ts';
import { useLabels } from '../../components/options.ts';
import { useFormat } from '../../lib/format.ts';
import { usePermissions } from '../session/permissions.ts';

export function FacilitiesTable({ facilities, groups, onEdit }: { facilities: TFacility[]; groups: TGroup[]; onEdit: (f: TFacility) => void }) {
  const { t } = useTranslation();
  const labels = useLabels();
  const fmt = useFormat();
  const perm = usePermissions();
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const none = t('common.notSet');
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table stickyHeader striped highlightOnHover verticalSpacing="sm" aria-label={t('facilities.table.label')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('facilities.fields.code')}</Table.Th>
            <Table.Th>{t('facilities.fields.name')}</Table.Th>
            <Table.Th>{t('facilities.fields.kind')}</Table.Th>
            <Table.Th ta="right">{t('facilities.fields.beds')}</Table.Th>
            <Table.Th>{t('facilities.fields.prefecture')}</Table.Th>
            <Table.Th>{t('facilities.fields.medicalInstitutionCode')}</Table.Th>
            <Table.Th>{t('facilities.fields.groups')}</Table.Th>
            <Table.Th>
              <Text span size="sm" fw={700}>
                {t('common.actions')}
              </Text>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {facilities.map((f) => (
            <Table.Tr key={f.id}>
              <Table.Td className="mono">{f.code}</Table.Td>
              <Table.Td fw={600}>{f.name}</Table.Td>
              <Table.Td>{labels.facilityKind(f.kind)}</Table.Td>
              <Table.Td ta="right">{f.beds === null ? none : fmt.number(f.beds)}</Table.Td>
              <Table.Td>{f.prefecture ? labels.prefecture(f.prefecture) : none}</Table.Td>
              <Table.Td className={f.medicalInstitutionCode ? 'mono' : undefined}>{f.medicalInstitutionCode ?? none}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {f.groupIds.length === 0
                    ? t('common.none')
                    : f.groupIds.map((g) => (
                        <Badge key={g} variant="outline" color="gray" style={{ textTransform: 'none' }}>
                          {groupName.get(g) ?? g}
                        </Badge>
                      ))}
                </Group>
              </Table.Td>
              <Table.Td>
                {perm.can('facility.update', f.id) ? (
                  <Button size="xs" variant="default" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onEdit(f)} aria-label={t('facilities.table.editLabel', { name: f.name })}>
                    {t('common.edit')}
                  </Button>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
