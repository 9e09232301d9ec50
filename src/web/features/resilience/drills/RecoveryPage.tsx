import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Card, Group, List, NumberInput, ScrollArea, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconAlertTriangle, IconPencil, IconPrinter, IconRoute, IconTarget } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../../api/client.ts';
import { EmptyState } from '../../../components/EmptyState.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { FormModal } from '../../../components/FormModal.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { PageHeader } from '../../../components/PageHeader.tsx';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { useSession } from '../../session/SessionContext.tsx';
import '../../../components/print-sheet.css';
import { DRILL_DUE_STATUS_LABELS } from '../../../../shared/resilience/drills.ts';
import { renderRecoveryFinding } from '../../../../shared/resilience/recovery-order.ts';
import type { RecoveryOrderDto, RecoveryTargetDto, RecoveryTargetUpdateBody } from '../../../../shared/contracts/resilience-drills.contract.ts';
import { DrillResultBadge, useDay } from './DrillBits.tsx';
import { ResilienceUnavailable, useResilienceAccess } from './DrillsPage.tsx';
import { serverFieldErrors } from './DrillModals.tsx';
import { drillPath, dueTone, hoursText, positiveOrNull, stepsByWave, useDrillsChanged, useRecoveryOrder, useRecoveryTargets } from './drills.ts';

/** Recovery order and targets: the order computed from the ledger (by wave), its warnings as sentences, and the targets per system. Printable. */
export function RecoveryPage() {
  const { t } = useTranslation();
  const fmt = useFormat();
  const access = useResilienceAccess();
  const { currentFacility } = useSession();
  const order = useRecoveryOrder(access.facilityId, access.read);
  const targets = useRecoveryTargets(access.facilityId, access.read);
  const [editing, setEditing] = useState<RecoveryTargetDto | null>(null);
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());

  if (!access.facilityId || !access.read) return <ResilienceUnavailable title={t('resilienceDrills.recovery.title')} />;
  const print = () => {
    setPrintedAt(new Date().toISOString());
    window.setTimeout(() => window.print(), 50);
  };

  return (
    <div className="print-sheet">
      <Text className="print-only" size="sm" mb="xs">
        {t('resilienceDrills.recovery.printHeader', { facility: currentFacility?.name ?? '' })}
      </Text>
      <PageHeader
        title={t('resilienceDrills.recovery.title')}
        description={t('resilienceDrills.recovery.description')}
        actions={
          <Button variant="default" leftSection={<IconPrinter size={16} aria-hidden />} onClick={print}>
            {t('resilienceDrills.recovery.print')}
          </Button>
        }
      />
      <Stack gap="md">
        {order.isPending ? <Loading /> : null}
        {order.error ? <ErrorAlert error={order.error} /> : null}
        {order.data ? <OrderWarnings order={order.data} /> : null}
        {order.data ? <OrderSection order={order.data} /> : null}
        <SectionCard id="recovery-targets" title={t('resilienceDrills.targets.title')} icon={<IconTarget size={20} aria-hidden />}>
          <Text size="sm" c="dimmed" mb="xs">
            {t('resilienceDrills.targets.help')}
          </Text>
          {targets.isPending ? <Loading /> : null}
          {targets.error ? <ErrorAlert error={targets.error} /> : null}
          {targets.data && targets.data.items.length === 0 ? (
            <EmptyState title={t('resilienceDrills.targets.emptyTitle')} description={t('resilienceDrills.targets.emptyDescription')} action={<Anchor component={Link} to={PATHS.assets}>{t('resilienceDrills.recovery.openLedger')}</Anchor>} />
          ) : null}
          {targets.data && targets.data.items.length > 0 ? <TargetsTable items={targets.data.items} canWrite={access.write} onEdit={setEditing} /> : null}
        </SectionCard>
      </Stack>
      <Text className="print-only" size="xs" mt="lg" c="dimmed">
        {t('resilienceDrills.recovery.printFooter', { at: fmt.dateTime(printedAt) })}
      </Text>
      {editing ? <TargetModal target={editing} onClose={() => setEditing(null)} /> : null}
    </div>
  );
}

/** Cycles, dependencies on deleted assets and RTO conflicts, each as a sentence. */
function OrderWarnings({ order }: { order: RecoveryOrderDto }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const names = new Map(order.steps.map((s) => [s.systemId, s.name]));
  const name = (id: string) => names.get(id) ?? id;
  const sentences = [
    ...order.cycles.map((c) => t('resilienceDrills.recovery.cycle', { systems: c.map(name).join(' ⇄ ') })),
    ...order.unknownDependencies.map((u) => t('resilienceDrills.recovery.unknownDependency', { system: name(u.systemId), missing: u.missingName ?? t('resilienceDrills.recovery.unknownName') })),
    ...order.rtoConflicts.map((f) => t('resilienceDrills.recovery.conflict', { finding: renderRecoveryFinding(f, locale) })),
  ];
  if (sentences.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('resilienceDrills.recovery.warningsTitle', { count: sentences.length })} data-testid="recovery-warnings">
      <List size="sm" spacing={4}>
        {sentences.map((s, i) => (
          <List.Item key={i}>{s}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

/** The numbered order, one table per wave (systems of one wave can be restored at the same time). */
function OrderSection({ order }: { order: RecoveryOrderDto }) {
  const { t } = useTranslation();
  const names = new Map(order.steps.map((s) => [s.systemId, s.name]));
  // Systems needed for care first; the rest of the ledger on request (a hospital has hundreds of assets).
  const [all, setAll] = useState(false);
  const core = order.steps.filter((s) => s.core);
  const shown = all || core.length === 0 ? order.steps : core;
  const waves = stepsByWave(shown);
  const h = (v: number | null) => (v === null ? t('resilienceDrills.recovery.noRto') : t('resilienceDrills.metrics.hours', { hours: hoursText(v) }));
  // On a phone, one short block per system instead of a five-column table that scrolls sideways.
  const narrow = useMediaQuery('(max-width: 48em)');
  const waitsFor = (s: RecoveryOrderDto['steps'][number]) => s.waitsFor.map((id) => names.get(id) ?? id).join(t('resilienceDrills.common.listSeparator'));
  return (
    <SectionCard id="recovery-order" title={t('resilienceDrills.recovery.orderTitle')} icon={<IconRoute size={20} aria-hidden />}>
      <Text size="sm" c="dimmed" mb="sm">
        {t('resilienceDrills.recovery.orderHelp')}
      </Text>
      {order.steps.length === 0 ? (
        <EmptyState title={t('resilienceDrills.recovery.emptyTitle')} description={t('resilienceDrills.recovery.emptyDescription')} action={<Anchor component={Link} to={PATHS.assets}>{t('resilienceDrills.recovery.openLedger')}</Anchor>} />
      ) : (
        <Stack gap="md" data-testid="recovery-order">
          {waves.map((w) => (
            <section key={w.wave} aria-labelledby={`wave-${w.wave}`}>
              <Title order={3} size="h5" id={`wave-${w.wave}`} mb={4}>
                {w.wave === 1 ? t('resilienceDrills.recovery.waveFirst') : t('resilienceDrills.recovery.wave', { wave: w.wave })}
              </Title>
              {narrow ? (
                <Stack gap={0} component="ol" aria-labelledby={`wave-${w.wave}`} style={{ listStyle: 'none', padding: 0, margin: 0, borderTop: '1px solid var(--mantine-color-gray-3)' }}>
                  {w.steps.map((s) => (
                    <Group key={s.systemId} component="li" gap="sm" wrap="nowrap" align="flex-start" py={6} style={{ borderBottom: '1px solid var(--mantine-color-gray-3)' }}>
                      <Text fw={700} miw={32} ta="right">
                        {s.position}
                      </Text>
                      <Stack gap={0} style={{ minWidth: 0 }}>
                        <Anchor component={Link} to={PATHS.asset(s.systemId)} size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                          {s.name}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {t('resilienceDrills.recovery.stepLine', {
                            criticality: t(`ledger.criticality.short.${s.criticality as 1}`),
                            rto: s.rtoHours === null && s.effectiveRtoHours !== null ? t('resilienceDrills.recovery.inheritedRto', { hours: hoursText(s.effectiveRtoHours) }) : h(s.rtoHours),
                          })}
                        </Text>
                        {s.waitsFor.length > 0 ? <Text size="xs">{t('resilienceDrills.recovery.waitsForLine', { systems: waitsFor(s) })}</Text> : null}
                        {s.brokenDependencies.length > 0 ? (
                          <Text size="xs" c="orange.9">
                            {t('resilienceDrills.recovery.broken', { systems: s.brokenDependencies.map((id) => names.get(id) ?? id).join(t('resilienceDrills.common.listSeparator')) })}
                          </Text>
                        ) : null}
                      </Stack>
                    </Group>
                  ))}
                </Stack>
              ) : (
              <ScrollArea type="auto">
                <Table verticalSpacing={6} withTableBorder miw={640} layout="fixed">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th w={64} style={{ whiteSpace: 'nowrap' }}>
                        {t('resilienceDrills.recovery.position')}
                      </Table.Th>
                      <Table.Th w="28%">{t('resilienceDrills.fields.system')}</Table.Th>
                      <Table.Th w="15%">{t('resilienceDrills.recovery.criticality')}</Table.Th>
                      <Table.Th w="17%">{t('resilienceDrills.recovery.rto')}</Table.Th>
                      <Table.Th>{t('resilienceDrills.recovery.waitsFor')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {w.steps.map((s) => (
                      <Table.Tr key={s.systemId}>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Text fw={700}>{s.position}</Text>
                        </Table.Td>
                        <Table.Td style={{ overflowWrap: 'anywhere' }}>
                          <Anchor component={Link} to={PATHS.asset(s.systemId)} size="sm" fw={600}>
                            {s.name}
                          </Anchor>
                          {s.department ? (
                            <Text size="xs" c="dimmed">
                              {s.department}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>
                          <Text size="sm">{t(`ledger.criticality.short.${s.criticality as 1}`)}</Text>
                          {s.effectiveCriticality < s.criticality ? (
                            <Text size="xs" c="dimmed">
                              {t('resilienceDrills.recovery.inheritedCriticality', { label: t(`ledger.criticality.short.${s.effectiveCriticality as 1}`) })}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>
                          <Text size="sm">{h(s.rtoHours)}</Text>
                          {s.effectiveRtoHours !== null && s.effectiveRtoHours !== s.rtoHours ? (
                            <Text size="xs" c="dimmed">
                              {t('resilienceDrills.recovery.inheritedRto', { hours: hoursText(s.effectiveRtoHours) })}
                            </Text>
                          ) : null}
                        </Table.Td>
                        <Table.Td>
                          {s.waitsFor.length === 0 && s.brokenDependencies.length === 0 ? (
                            <Text size="sm" c="dimmed">
                              {t('resilienceDrills.recovery.waitsForNothing')}
                            </Text>
                          ) : (
                            <Stack gap={2}>
                              {s.waitsFor.length > 0 ? <Text size="sm">{waitsFor(s)}</Text> : null}
                              {s.brokenDependencies.length > 0 ? (
                                <Text size="xs" c="orange.9">
                                  {t('resilienceDrills.recovery.broken', { systems: s.brokenDependencies.map((id) => names.get(id) ?? id).join(t('resilienceDrills.common.listSeparator')) })}
                                </Text>
                              ) : null}
                            </Stack>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea>
              )}
            </section>
          ))}
          {shown.length < order.steps.length ? (
            <Button variant="default" className="no-print" onClick={() => setAll(true)} style={{ alignSelf: 'flex-start' }}>
              {t('resilienceDrills.recovery.showAll', { count: order.steps.length - shown.length })}
            </Button>
          ) : null}
        </Stack>
      )}
    </SectionCard>
  );
}

function TargetsTable({ items, canWrite, onEdit }: { items: RecoveryTargetDto[]; canWrite: boolean; onEdit: (t: RecoveryTargetDto) => void }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const day = useDay();
  const narrow = useMediaQuery('(max-width: 48em)');
  const h = (v: number | null) => (v === null ? t('resilienceDrills.targets.notSet') : t('resilienceDrills.metrics.hours', { hours: hoursText(v) }));
  const edit = (x: RecoveryTargetDto) =>
    canWrite ? (
      <Button size="xs" variant="subtle" className="no-print" leftSection={<IconPencil size={14} aria-hidden />} onClick={() => onEdit(x)} aria-label={t('resilienceDrills.targets.editNamed', { system: x.system.name })}>
        {t('common.edit')}
      </Button>
    ) : null;
  const due = (x: RecoveryTargetDto) =>
    x.due ? (
      <Stack gap={2}>
        <StatusBadge tone={dueTone(x.due.status)}>{DRILL_DUE_STATUS_LABELS[x.due.status][locale]}</StatusBadge>
        {x.due.dueOn ? (
          <Text size="xs" style={{ whiteSpace: 'nowrap' }}>
            {t('resilienceDrills.targets.dueOn', { date: day(x.due.dueOn) })}
          </Text>
        ) : null}
      </Stack>
    ) : (
      <Text size="sm" c="dimmed">
        {t('resilienceDrills.targets.noDrillRequired')}
      </Text>
    );
  if (narrow) {
    return (
      <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label={t('resilienceDrills.targets.title')}>
        {items.map((x) => (
          <Card component="li" key={x.system.id} withBorder radius="md" p="sm">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Anchor component={Link} to={PATHS.asset(x.system.id)} fw={600} size="sm">
                {x.system.name}
              </Anchor>
              {edit(x)}
            </Group>
            <Text size="sm">{t('resilienceDrills.targets.rtoLine', { value: h(x.rtoHours) })}</Text>
            <Text size="sm">{t('resilienceDrills.targets.rpoLine', { value: h(x.rpoHours) })}</Text>
            {due(x)}
          </Card>
        ))}
      </Stack>
    );
  }
  return (
    <ScrollArea type="auto">
      <Table stickyHeader verticalSpacing="xs" aria-label={t('resilienceDrills.targets.title')} data-testid="recovery-targets">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('resilienceDrills.fields.system')}</Table.Th>
            <Table.Th>{t('resilienceDrills.fields.rtoTarget')}</Table.Th>
            <Table.Th>{t('resilienceDrills.fields.rpoTarget')}</Table.Th>
            <Table.Th>{t('resilienceDrills.fields.interval')}</Table.Th>
            <Table.Th>{t('resilienceDrills.targets.lastDrill')}</Table.Th>
            <Table.Th>{t('resilienceDrills.targets.due')}</Table.Th>
            {canWrite ? <Table.Th className="no-print">{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((x) => (
            <Table.Tr key={x.system.id}>
              <Table.Td style={{ overflowWrap: 'anywhere' }}>
                <Anchor component={Link} to={PATHS.asset(x.system.id)} size="sm" fw={600}>
                  {x.system.name}
                </Anchor>
                <Text size="xs" c="dimmed">
                  {t(`ledger.criticality.short.${x.system.criticality as 1}`)}
                </Text>
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{h(x.rtoHours)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{h(x.rpoHours)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {x.effectiveDrillIntervalMonths === null
                  ? t('resilienceDrills.targets.noDrillRequired')
                  : x.drillIntervalMonths === null
                    ? t('resilienceDrills.schedule.defaultInterval', { months: x.effectiveDrillIntervalMonths })
                    : t('resilienceDrills.schedule.interval', { months: x.effectiveDrillIntervalMonths })}
              </Table.Td>
              <Table.Td>
                {x.lastDrill ? (
                  <Stack gap={2}>
                    <Anchor component={Link} to={PATHS.drill(x.lastDrill.id)} size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {day(x.lastDrill.doneOn)}
                    </Anchor>
                    <DrillResultBadge result={x.lastDrill.result} />
                  </Stack>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('resilienceDrills.schedule.neverDone')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td>{due(x)}</Table.Td>
              {canWrite ? <Table.Td className="no-print">{edit(x)}</Table.Td> : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea>
  );
}

/** The targets of one system: RTO and RPO in hours, the drill interval in months, how to recover it. */
function TargetModal({ target, onClose }: { target: RecoveryTargetDto; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useDrillsChanged();
  const [rto, setRto] = useState<number | string>(target.rtoHours ?? '');
  const [rpo, setRpo] = useState<number | string>(target.rpoHours ?? '');
  const [interval, setIntervalMonths] = useState<number | string>(target.drillIntervalMonths ?? '');
  const [notes, setNotes] = useState(target.recoveryNotes ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: () => {
      const body: RecoveryTargetUpdateBody = {
        rtoHours: positiveOrNull(rto) ?? null,
        rpoHours: positiveOrNull(rpo) ?? null,
        drillIntervalMonths: positiveOrNull(interval) ?? null,
        recoveryNotes: notes.trim() || null,
        ...(target.version !== null ? { expectedVersion: target.version } : {}),
      };
      return api.put<RecoveryTargetDto>(drillPath.target(target.system.id), body);
    },
    onSuccess: () => {
      changed();
      notify(t('resilienceDrills.targets.saved', { system: target.system.name }));
      onClose();
    },
    onError: (e) => setErrors(serverFieldErrors(e, ['rtoHours', 'rpoHours', 'drillIntervalMonths', 'recoveryNotes'])),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (positiveOrNull(rto) === undefined || Number(rto) > 100_000) next.rtoHours = 'positive';
    if (positiveOrNull(rpo) === undefined || Number(rpo) > 100_000) next.rpoHours = 'positive';
    const iv = positiveOrNull(interval);
    if (iv === undefined || (iv !== null && (!Number.isInteger(iv) || iv > 120))) next.drillIntervalMonths = 'months';
    setErrors(next);
    if (Object.keys(next).length === 0) save.mutate();
  };
  const err = (k: string) => (errors[k] ? t(`resilienceDrills.issues.${errors[k] as 'positive'}`, { defaultValue: t('validation.issues.invalid') }) : undefined);
  return (
    <FormModal
      title={t('resilienceDrills.targets.editTitle', { system: target.system.name })}
      note={t('resilienceDrills.targets.editNote')}
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('resilienceDrills.form.fixErrors')}
      error={save.error}
      submitLabel={t('common.save')}
      loading={save.isPending}
    >
      <NumberInput label={t('resilienceDrills.fields.rtoTarget')} description={t('resilienceDrills.targets.rtoHelp')} suffix={t('resilienceDrills.targets.hoursSuffix')} min={0} decimalScale={2} value={rto} onChange={setRto} error={err('rtoHours')} />
      <NumberInput label={t('resilienceDrills.fields.rpoTarget')} description={t('resilienceDrills.targets.rpoHelp')} suffix={t('resilienceDrills.targets.hoursSuffix')} min={0} decimalScale={2} value={rpo} onChange={setRpo} error={err('rpoHours')} />
      <NumberInput
        label={t('resilienceDrills.fields.interval')}
        description={target.system.criticality <= 2 ? t('resilienceDrills.targets.intervalHelpDefault') : t('resilienceDrills.targets.intervalHelp')}
        suffix={t('resilienceDrills.targets.monthsSuffix')}
        min={1}
        max={120}
        allowDecimal={false}
        value={interval}
        onChange={setIntervalMonths}
        error={err('drillIntervalMonths')}
      />
      <Textarea label={t('resilienceDrills.fields.recoveryNotes')} placeholder={t('resilienceDrills.targets.notesPlaceholder')} autosize minRows={3} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} maxLength={10_000} />
    </FormModal>
  );
}
