import { Fragment, useState } from 'react';
import { ActionIcon, Code, SimpleGrid, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { TAuditEvent } from '../../api/types.ts';
import { useLabels } from '../../components/options.ts';
import { useFormat } from '../../lib/format.ts';
import { useSession } from '../session/SessionContext.tsx';

/** Top-level fields whose value differs between before and after. */
function changedFields(before: unknown, after: unknown): string[] {
  if (!before || !after || typeof before !== 'object' || typeof after !== 'object') return [];
  const b = before as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  return [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]));
}

function json(v: unknown): string {
  if (v === null || v === undefined) return '';
  try {
    return JSON.stringify(v, null, 2);
  } catch {
    return String(v);
  }
}

/** Audit events; each row expands to show the change (before/after) and its chain hash. */
export function AuditTable({ events }: { events: TAuditEvent[] }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useLabels();
  const { facilityName } = useSession();
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const toggle = (seq: number) =>
    setOpen((s) => {
      const n = new Set(s);
      if (n.has(seq)) n.delete(seq);
      else n.add(seq);
      return n;
    });
  return (
    <Table.ScrollContainer minWidth={960}>
      <Table stickyHeader verticalSpacing="xs" aria-label={t('audit.table.label')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={48}>
              <VisuallyHidden>{t('audit.table.details')}</VisuallyHidden>
            </Table.Th>
            <Table.Th w={80}>{t('audit.fields.seq')}</Table.Th>
            <Table.Th>{t('audit.fields.occurredAt')}</Table.Th>
            <Table.Th>{t('audit.fields.actor')}</Table.Th>
            <Table.Th>{t('audit.fields.facility')}</Table.Th>
            <Table.Th>{t('audit.fields.action')}</Table.Th>
            <Table.Th>{t('audit.fields.entity')}</Table.Th>
            <Table.Th>{t('audit.fields.sourceIp')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((e) => {
            const expanded = open.has(e.seq);
            const detailId = `audit-detail-${e.seq}`;
            return (
              <Fragment key={e.id}>
                <Table.Tr>
                  <Table.Td>
                    <ActionIcon
                      variant="subtle"
                      color="gray"
                      onClick={() => toggle(e.seq)}
                      aria-expanded={expanded}
                      aria-controls={expanded ? detailId : undefined}
                      aria-label={expanded ? t('audit.table.collapse', { seq: e.seq }) : t('audit.table.expand', { seq: e.seq })}
                    >
                      {expanded ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
                    </ActionIcon>
                  </Table.Td>
                  <Table.Td className="mono">{e.seq}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{fmt.dateTime(e.occurredAt)}</Table.Td>
                  <Table.Td style={{ wordBreak: 'break-all' }}>{e.actorLabel}</Table.Td>
                  <Table.Td>{e.facilityId ? facilityName(e.facilityId) : t('audit.table.deployment')}</Table.Td>
                  <Table.Td>
                    <Text size="sm">{labels.auditAction(e.action)}</Text>
                    {labels.auditAction(e.action) !== e.action ? (
                      <Text size="xs" c="dimmed" className="mono">
                        {e.action}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{labels.entityType(e.entityType)}</Text>
                    {e.entityId ? (
                      <Text size="xs" c="dimmed" className="mono" style={{ wordBreak: 'break-all' }}>
                        {e.entityId}
                      </Text>
                    ) : null}
                  </Table.Td>
                  <Table.Td className="mono" style={{ whiteSpace: 'nowrap' }}>
                    {e.sourceIp ?? ''}
                  </Table.Td>
                </Table.Tr>
                {expanded ? (
                  <Table.Tr id={detailId}>
                    <Table.Td colSpan={8} bg="gray.0">
                      <Stack gap="sm" p="xs">
                        {changedFields(e.before, e.after).length > 0 ? (
                          <Text size="sm">
                            {t('audit.table.changed')}{' '}
                            <Text span className="mono" fw={700}>
                              {changedFields(e.before, e.after).join(', ')}
                            </Text>
                          </Text>
                        ) : null}
                        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="md">
                          <div>
                            <Text size="sm" fw={700} mb={4}>
                              {t('audit.table.before')}
                            </Text>
                            {e.before === null || e.before === undefined ? (
                              <Text size="sm" c="dimmed">
                                {t('audit.table.none')}
                              </Text>
                            ) : (
                              <Code block className="json-block" tabIndex={0}>
                                {json(e.before)}
                              </Code>
                            )}
                          </div>
                          <div>
                            <Text size="sm" fw={700} mb={4}>
                              {t('audit.table.after')}
                            </Text>
                            {e.after === null || e.after === undefined ? (
                              <Text size="sm" c="dimmed">
                                {t('audit.table.none')}
                              </Text>
                            ) : (
                              <Code block className="json-block" tabIndex={0}>
                                {json(e.after)}
                              </Code>
                            )}
                          </div>
                        </SimpleGrid>
                        <Text size="xs" c="dimmed" className="mono" style={{ wordBreak: 'break-all' }}>
                          {t('audit.table.hash', { hash: e.hash })}
                        </Text>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                ) : null}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
