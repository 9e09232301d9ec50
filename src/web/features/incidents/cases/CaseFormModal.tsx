import { useState, type FormEvent } from 'react';
import { Blockquote, Button, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconClockPlay } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PATHS } from '../../../paths.ts';
import { api, isApiError } from '../../../api/client.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import type { CaseCategory, CaseSeverity, TlpLevel } from '../../../../shared/incidents/cases.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import type { ReportDto } from '../../../../shared/contracts/incident-reports.contract.ts';
import { jstLocalInput } from '../report/reports.ts';
import { ClockFactsFields } from './ClockFactsFields.tsx';
import {
  caseDraftErrors,
  caseDraftToCreate,
  caseDraftToOpen,
  casePath,
  emptyCaseDraft,
  titleFromReport,
  useCaseLabels,
  useIncidentsChanged,
  withCategory,
  type CaseDraft,
  type CaseDraftError,
} from './cases.ts';

type Field = 'title' | 'category' | 'discoveredAt' | 'affectedCount' | 'insurerHours';
const FIELD_IDS: Record<Field, string> = {
  title: 'case-title',
  category: 'case-category',
  discoveredAt: 'case-discovered-at',
  affectedCount: 'case-affected-count',
  insurerHours: 'case-insurer-hours',
};
/** Server issue paths → the form's fields. */
function issueField(path: string): Field | null {
  if (path === 'title' || path === 'category' || path === 'discoveredAt') return path;
  if (path.startsWith('facts.affectedCount')) return 'affectedCount';
  if (path.startsWith('facts.insured')) return 'insurerHours';
  return null;
}

/**
 * Create a case, or open one from a report (`report` given: the title comes from what was reported, the discovery time from
 * when it happened or came in). Title, category, severity (from the category until chosen), TLP (AMBER, with what
 * each level means), the discovery time in JST with a now button, and the facts the legal deadlines are computed from. On
 * success the case page opens.
 */
export function CaseFormModal({ facilityId, report, onClose }: { facilityId: string; report?: ReportDto; onClose: () => void }) {
  const { t } = useTranslation();
  const labels = useCaseLabels();
  const navigate = useNavigate();
  const changed = useIncidentsChanged();
  const [d, setD] = useState<CaseDraft>(() =>
    emptyCaseDraft(
      jstLocalInput(report ? new Date(report.occurredAt ?? report.createdAt) : new Date()),
      report ? { title: titleFromReport(report.what) } : {},
    ),
  );
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const errorText = (k: CaseDraftError) => t(`incidentCases.form.errors.${k}`);
  /** Applies an edit and drops the errors of the fields it touched (the summary goes once none is left). */
  const change = (next: CaseDraft, ...fields: Field[]) => {
    setD(next);
    if (fields.some((f) => errors[f])) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !fields.includes(k as Field))));
  };

  const save = useMutation({
    mutationFn: async (): Promise<string> => {
      if (report) return (await api.post<{ caseId: string }>(casePath.openCase(report.id), caseDraftToOpen(d))).caseId;
      return (await api.post<CaseDetailDto>(casePath.cases(facilityId), caseDraftToCreate(d))).id;
    },
    onSuccess: (caseId) => {
      changed();
      notify(t('incidentCases.form.created', { title: d.title.trim() }));
      onClose();
      void navigate(PATHS.incidentCase(caseId));
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: Partial<Record<Field, string>> = {};
      for (const i of e.issues) {
        const f = issueField(i.path);
        if (f && !next[f]) next[f] = t('incidentCases.form.errors.invalid');
      }
      setErrors(next);
    },
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const found = caseDraftErrors(d, new Date());
    const next: Partial<Record<Field, string>> = {};
    for (const [f, k] of Object.entries(found) as [Field, CaseDraftError][]) next[f] = errorText(k);
    setErrors(next);
    const first = (Object.keys(FIELD_IDS) as Field[]).find((f) => next[f]);
    if (first) {
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    save.mutate();
  };

  return (
    <FormModal
      title={report ? t('incidentCases.form.openTitle') : t('incidentCases.form.createTitle')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('incidentCases.form.errors.summary')}
      error={save.error}
      submitLabel={report ? t('incidentCases.form.openSubmit') : t('incidentCases.form.createSubmit')}
      loading={save.isPending}
    >
      {report ? (
        <Blockquote p="sm" color="blue" mt={0}>
          <Text size="xs" fw={700} mb={2}>
            {t('incidentCases.form.reported')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
            {report.what}
          </Text>
        </Blockquote>
      ) : null}
      <TextInput
        id={FIELD_IDS.title}
        label={t('incidentCases.fields.title')}
        description={t('incidentCases.form.titleHelp')}
        required
        value={d.title}
        onChange={(e) => change({ ...d, title: e.currentTarget.value }, 'title')}
        error={errors.title}
        maxLength={200}
        data-autofocus
      />
      <Grid gutter="sm">
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            id={FIELD_IDS.category}
            label={t('incidentCases.fields.category')}
            placeholder={t('common.selectPlaceholder')}
            data={labels.categoryOptions}
            value={d.category || null}
            onChange={(v) => v && change(withCategory(d, v as CaseCategory), 'category')}
            allowDeselect={false}
            required
            error={errors.category}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            label={t('incidentCases.fields.severity')}
            description={d.severityTouched ? undefined : t('incidentCases.form.severityHelp')}
            data={labels.severityOptions}
            value={d.severity}
            onChange={(v) => v && setD({ ...d, severity: v as CaseSeverity, severityTouched: true })}
            allowDeselect={false}
          />
        </Grid.Col>
      </Grid>
      <Select
        label={t('incidentCases.fields.tlp')}
        description={t(`incidentCases.tlp.help.${d.tlp}`)}
        data={labels.tlpOptions}
        value={d.tlp}
        onChange={(v) => v && setD({ ...d, tlp: v as TlpLevel })}
        allowDeselect={false}
        inputWrapperOrder={['label', 'input', 'description', 'error']}
      />
      <Stack gap={4}>
        <Group gap="xs" align="flex-end" wrap="nowrap">
          <TextInput
            id={FIELD_IDS.discoveredAt}
            type="datetime-local"
            label={t('incidentCases.fields.discoveredAt')}
            required
            value={d.discoveredAt}
            onChange={(e) => change({ ...d, discoveredAt: e.currentTarget.value }, 'discoveredAt')}
            error={errors.discoveredAt}
            aria-describedby="case-discovered-at-help"
            style={{ flex: '0 1 16rem', minWidth: 0 }}
          />
          <Button
            variant="default"
            leftSection={<IconClockPlay size={16} aria-hidden />}
            onClick={() => change({ ...d, discoveredAt: jstLocalInput(new Date()) }, 'discoveredAt')}
            aria-label={t('incidentCases.form.nowLabel')}
            mb={errors.discoveredAt ? 22 : 0}
          >
            {t('incidentCases.form.now')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed" id="case-discovered-at-help">
          {t('incidentCases.form.discoveredAtHelp')}
        </Text>
      </Stack>
      <ClockFactsFields value={d.facts} onChange={(facts) => change({ ...d, facts }, 'affectedCount', 'insurerHours')} errors={{ affectedCount: errors.affectedCount, insurerHours: errors.insurerHours }} />
    </FormModal>
  );
}
