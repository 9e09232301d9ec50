import { useState } from 'react';
import { Button, Card, Group, List, NumberInput, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { ConfirmModal } from '../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { Loading } from '../../components/Loading.tsx';
import { notify } from '../../components/notify.ts';
import { PageHeader } from '../../components/PageHeader.tsx';
import { SectionCard } from '../../components/SectionCard.tsx';
import { DEFAULT_VULN_POLICY, DUE_RULES, type DueRule } from '../../../shared/vulns/domain.ts';
import { useLedgerFacilityId } from '../ledger/ledger.ts';
import { usePermissions } from '../session/permissions.ts';
import { useVulnLabels, useVulnPolicy, useVulnsChanged, VULNS_KEY, vulnPath, type TVulnPolicy } from './vulns.ts';
import { VulnsUnavailable } from './VulnsUnavailable.tsx';

type OtherKey = 'untouchedDays' | 'executiveAfterDays' | 'acceptMaxMonths';
const OTHER_KEYS: OtherKey[] = ['untouchedDays', 'executiveAfterDays', 'acceptMaxMonths'];
const LIMITS: Record<OtherKey | 'due', { min: number; max: number }> = {
  due: { min: 1, max: 3650 },
  untouchedDays: { min: 1, max: 3650 },
  executiveAfterDays: { min: 1, max: 3650 },
  acceptMaxMonths: { min: 1, max: 36 },
};

type Draft = Record<DueRule | OtherKey, number | string>;

function toDraft(p: TVulnPolicy): Draft {
  return { ...p.dueDays, untouchedDays: p.untouchedDays, executiveAfterDays: p.executiveAfterDays, acceptMaxMonths: p.acceptMaxMonths };
}

/** Field errors of a draft (a whole number within the contract's bounds), by field. */
export function policyDraftErrors(d: Draft): Partial<Record<keyof Draft, 'range'>> {
  const out: Partial<Record<keyof Draft, 'range'>> = {};
  for (const k of Object.keys(d) as (keyof Draft)[]) {
    const lim = (DUE_RULES as readonly string[]).includes(k) ? LIMITS.due : LIMITS[k as OtherKey];
    const n = typeof d[k] === 'number' ? d[k] : Number(d[k]);
    if (d[k] === '' || !Number.isInteger(n) || n < lim.min || n > lim.max) out[k] = 'range';
  }
  return out;
}

function fromDraft(d: Draft): TVulnPolicy {
  const n = (k: keyof Draft) => Number(d[k]);
  return {
    dueDays: { kev_exposed: n('kev_exposed'), kev: n('kev'), critical: n('critical'), high: n('high'), medium: n('medium'), low: n('low') },
    untouchedDays: n('untouchedDays'),
    executiveAfterDays: n('executiveAfterDays'),
    acceptMaxMonths: n('acceptMaxMonths'),
  };
}

/** Deadline rules: days to fix per rule and when findings escalate; editable by the security manager, read-only for others. */
export function PolicyPage() {
  const { t } = useTranslation();
  const perm = usePermissions();
  const facilityId = useLedgerFacilityId();
  const labels = useVulnLabels();
  const policy = useVulnPolicy(facilityId, perm.readVulns);
  const changed = useVulnsChanged();
  const qc = useQueryClient();
  // The edits; null = nothing edited yet (the form shows the saved policy).
  const [edited, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<Partial<Record<keyof Draft, 'range'>>>({});
  const [confirming, setConfirming] = useState(false);
  const save = useMutation({
    mutationFn: (p: TVulnPolicy) => api.put<TVulnPolicy>(vulnPath.policy(facilityId ?? ''), p),
    onSuccess: (p) => {
      qc.setQueryData([...VULNS_KEY, facilityId, 'policy'], p);
      if (facilityId) changed(facilityId);
      setDraft(null);
      setConfirming(false);
      notify(t('vulns.policy.saved'));
    },
  });

  if (!facilityId || !perm.readVulns) return <VulnsUnavailable title={t('vulns.policy.title')} />;
  const current = policy.data;
  const draft: Draft | null = edited ?? (current ? toDraft(current) : null);
  const label = (k: keyof Draft) => ((DUE_RULES as readonly string[]).includes(k) ? labels.dueRule(k as DueRule) : t(`vulns.policy.fields.${k as OtherKey}`));
  const unit = (k: keyof Draft) => (k === 'acceptMaxMonths' ? t('vulns.policy.months') : t('vulns.policy.days'));
  const changes = current && draft ? (Object.keys(draft) as (keyof Draft)[]).filter((k) => String(draft[k]) !== String(toDraft(current)[k])) : [];

  const field = (k: keyof Draft) => {
    const lim = (DUE_RULES as readonly string[]).includes(k) ? LIMITS.due : LIMITS[k as OtherKey];
    return (
      <NumberInput
        key={k}
        label={label(k)}
        description={(DUE_RULES as readonly string[]).includes(k) ? t(`vulns.policy.ruleHelp.${k as DueRule}`) : t(`vulns.policy.help.${k as OtherKey}`)}
        rightSection={<Text size="xs" pr="xs">{unit(k)}</Text>}
        rightSectionWidth={48}
        min={lim.min}
        max={lim.max}
        allowDecimal={false}
        allowNegative={false}
        value={draft?.[k] ?? ''}
        onChange={(v) => setDraft({ ...(draft as Draft), [k]: v })}
        error={errors[k] ? t('vulns.policy.range', { min: lim.min, max: lim.max }) : undefined}
        required
      />
    );
  };

  return (
    <>
      <PageHeader title={t('vulns.policy.title')} description={perm.editVulnPolicy ? t('vulns.policy.description') : t('vulns.policy.readOnly')} />
      {policy.isPending ? <Loading /> : null}
      {policy.error ? <ErrorAlert error={policy.error} /> : null}
      {current && !perm.editVulnPolicy ? <PolicyTable policy={current} /> : null}
      {current && draft && perm.editVulnPolicy ? (
        <form
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            const errs = policyDraftErrors(draft);
            setErrors(errs);
            if (Object.keys(errs).length === 0 && changes.length > 0) setConfirming(true);
          }}
        >
          <Stack gap="lg">
            <SectionCard id="policy-due-title" title={t('vulns.policy.dueTitle')}>
              <Text size="sm" mb="sm">
                {t('vulns.policy.dueIntro')}
              </Text>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
                {DUE_RULES.map((r) => field(r))}
              </SimpleGrid>
            </SectionCard>
            <SectionCard id="policy-esc-title" title={t('vulns.policy.escalationTitle')}>
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
                {OTHER_KEYS.map((k) => field(k))}
              </SimpleGrid>
            </SectionCard>
            <Group justify="space-between" wrap="wrap">
              <Button variant="subtle" onClick={() => setDraft(toDraft(DEFAULT_VULN_POLICY))}>
                {t('vulns.policy.resetDefaults')}
              </Button>
              <Group gap="sm">
                <Button variant="default" disabled={changes.length === 0} onClick={() => setDraft(null)}>
                  {t('vulns.policy.discard')}
                </Button>
                <Button type="submit" leftSection={<IconDeviceFloppy size={16} aria-hidden />} disabled={changes.length === 0}>
                  {t('vulns.policy.save')}
                </Button>
              </Group>
            </Group>
          </Stack>
        </form>
      ) : null}
      {current && draft ? (
        <ConfirmModal
          opened={confirming}
          title={t('vulns.policy.confirmTitle')}
          message={t('vulns.policy.confirm')}
          confirmLabel={t('vulns.policy.save')}
          loading={save.isPending}
          error={save.error}
          onConfirm={() => save.mutate(fromDraft(draft))}
          onClose={() => {
            setConfirming(false);
            save.reset();
          }}
        >
          <List size="sm" spacing={4}>
            {changes.map((k) => (
              <List.Item key={k}>{t('vulns.policy.change', { label: label(k), from: `${toDraft(current)[k]}${unit(k)}`, to: `${draft[k]}${unit(k)}` })}</List.Item>
            ))}
          </List>
          <Text size="sm" c="dimmed">
            {t('vulns.policy.confirmNote')}
          </Text>
        </ConfirmModal>
      ) : null}
    </>
  );
}

function PolicyTable({ policy }: { policy: TVulnPolicy }) {
  const { t } = useTranslation();
  const labels = useVulnLabels();
  return (
    <Card withBorder radius="md" p="md">
      <Table verticalSpacing="xs" aria-label={t('vulns.policy.title')}>
        <Table.Tbody>
          {DUE_RULES.map((r) => (
            <Table.Tr key={r}>
              <Table.Th w="50%">{labels.dueRule(r)}</Table.Th>
              <Table.Td>{t('vulns.policy.withinDays', { count: policy.dueDays[r] })}</Table.Td>
            </Table.Tr>
          ))}
          {OTHER_KEYS.map((k) => (
            <Table.Tr key={k}>
              <Table.Th>{t(`vulns.policy.fields.${k}`)}</Table.Th>
              <Table.Td>{k === 'acceptMaxMonths' ? t('vulns.policy.monthsValue', { count: policy[k] }) : t('vulns.policy.daysValue', { count: policy[k] })}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
