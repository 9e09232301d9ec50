import { useState, type FormEvent } from 'react';
import { Alert, Button, Grid, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconClockEdit, IconClockPlay } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import { useFormat } from '../../../lib/format.ts';
import type { CaseCategory, CaseSeverity, TlpLevel } from '../../../../shared/incidents/cases.ts';
import type { CaseDetailDto, CaseUpdateBody } from '../../../../shared/contracts/incident-cases.contract.ts';
import { jstLocalInput } from '../report/reports.ts';
import { caseDraftErrors, jstInputToIso, NO_FACTS_DRAFT, useCaseLabels, type CaseDraft, type CaseDraftError } from '../cases/cases.ts';
import { casePath, caseKey, useCaseChanged } from './caseApi.ts';
import { SaveStatus } from './SaveStatus.tsx';

type Field = 'title' | 'category' | 'severity' | 'tlp' | 'discoveredAt';
const FIELD_IDS: Record<Field, string> = {
  title: 'case-edit-title',
  category: 'case-edit-category',
  severity: 'case-edit-severity',
  tlp: 'case-edit-tlp',
  discoveredAt: 'case-edit-discovered-at',
};
const FIELDS = Object.keys(FIELD_IDS) as Field[];
const isField = (p: string): p is Field => (FIELDS as string[]).includes(p);

/** The form's values of a case (discovery time as a JST datetime-local value). */
function draftOf(c: CaseDetailDto): CaseDraft {
  return { title: c.title, category: c.category, severity: c.severity, severityTouched: true, tlp: c.tlp, discoveredAt: jstLocalInput(new Date(c.discoveredAt)), facts: NO_FACTS_DRAFT };
}

/** Only what differs from the case as it was opened (an untouched discovery time keeps its seconds). */
export function caseChanges(base: CaseDetailDto, d: CaseDraft): Omit<CaseUpdateBody, 'expectedUpdatedAt'> {
  const was = draftOf(base);
  const out: Omit<CaseUpdateBody, 'expectedUpdatedAt'> = {};
  if (d.title.trim() !== base.title) out.title = d.title.trim();
  if (d.category && d.category !== base.category) out.category = d.category;
  if (d.severity !== base.severity) out.severity = d.severity;
  if (d.tlp !== base.tlp) out.tlp = d.tlp;
  if (d.discoveredAt !== was.discoveredAt) {
    const iso = jstInputToIso(d.discoveredAt);
    if (iso) out.discoveredAt = iso;
  }
  return out;
}

/**
 * Edit the case's header: title, category, severity, TLP and discovery time (JST, as on the create form). Sends only what
 * changed, with the case's updatedAt: someone else's save in between is a conflict, with a button to load their
 * version. A new discovery time moves every legal deadline; the form says so before saving.
 */
export function EditCaseModal({ c, onClose }: { c: CaseDetailDto; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const qc = useQueryClient();
  const changed = useCaseChanged();
  const [base, setBase] = useState(c);
  const [d, setD] = useState<CaseDraft>(() => draftOf(c));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [conflict, setConflict] = useState(false);
  const errorText = (k: CaseDraftError) => t(`incidentCases.form.errors.${k}`);
  const change = (next: CaseDraft, field: Field) => {
    setD(next);
    if (errors[field]) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => k !== field)));
  };

  const save = useMutation({
    mutationFn: (body: CaseUpdateBody) => api.patch<CaseDetailDto>(casePath.case(c.id), body),
    onSuccess: (res) => {
      qc.setQueryData(caseKey(c.id, 'detail'), res);
      changed();
      notify(t('incidentCase.edit.saved'));
      onClose();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      if (e.code === 'CONFLICT') {
        setConflict(true);
        return;
      }
      const next: Partial<Record<Field, string>> = {};
      for (const i of e.issues) {
        if (!isField(i.path) || next[i.path]) continue;
        next[i.path] = i.path === 'discoveredAt' && i.message === 'in_future' ? errorText('discoveredFuture') : t('incidentCases.form.errors.invalid');
      }
      setErrors(next);
      const first = FIELDS.find((f) => next[f]);
      if (first) document.getElementById(FIELD_IDS[first])?.focus();
    },
  });

  /** Their version: the form starts again from the case as it is now. */
  const reload = async () => {
    try {
      const fresh = await api.get<CaseDetailDto>(casePath.case(c.id));
      qc.setQueryData(caseKey(c.id, 'detail'), fresh);
      changed();
      setBase(fresh);
      setD(draftOf(fresh));
      setErrors({});
      setConflict(false);
      save.reset();
    } catch {
      notify(t('incidentCase.edit.reloadFailed'), { color: 'red' });
    }
  };

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (conflict) return;
    const found = caseDraftErrors(d, new Date());
    const next: Partial<Record<Field, string>> = {};
    for (const [f, k] of Object.entries(found) as [string, CaseDraftError][]) if (isField(f)) next[f] = errorText(k);
    setErrors(next);
    const first = FIELDS.find((f) => next[f]);
    if (first) {
      document.getElementById(FIELD_IDS[first])?.focus();
      return;
    }
    const body = caseChanges(base, d);
    if (Object.keys(body).length === 0) {
      onClose();
      return;
    }
    save.mutate({ ...body, expectedUpdatedAt: base.updatedAt });
  };

  const newDiscovered = d.discoveredAt !== draftOf(base).discoveredAt ? jstInputToIso(d.discoveredAt) : null;

  return (
    <FormModal
      title={t('incidentCase.edit.title', { number: c.number })}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('incidentCases.form.errors.summary')}
      error={conflict ? null : save.error}
      submitLabel={t('incidentCase.edit.submit')}
      loading={save.isPending}
    >
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
            data={labels.categoryOptions}
            value={d.category || null}
            onChange={(v) => v && change({ ...d, category: v as CaseCategory }, 'category')}
            allowDeselect={false}
            required
            error={errors.category}
          />
        </Grid.Col>
        <Grid.Col span={{ base: 12, sm: 6 }}>
          <Select
            id={FIELD_IDS.severity}
            label={t('incidentCases.fields.severity')}
            data={labels.severityOptions}
            value={d.severity}
            onChange={(v) => v && change({ ...d, severity: v as CaseSeverity }, 'severity')}
            allowDeselect={false}
            error={errors.severity}
          />
        </Grid.Col>
      </Grid>
      <Select
        id={FIELD_IDS.tlp}
        label={t('incidentCases.fields.tlp')}
        description={t(`incidentCases.tlp.help.${d.tlp}`)}
        data={labels.tlpOptions}
        value={d.tlp}
        onChange={(v) => v && change({ ...d, tlp: v as TlpLevel }, 'tlp')}
        allowDeselect={false}
        error={errors.tlp}
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
            aria-describedby="case-edit-discovered-at-help"
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
        <Text size="xs" c="dimmed" id="case-edit-discovered-at-help">
          {t('incidentCases.form.discoveredAtHelp')}
        </Text>
      </Stack>
      {newDiscovered ? (
        <Alert color="orange" variant="light" icon={<IconClockEdit aria-hidden />} data-testid="case-edit-recompute">
          {t('incidentCase.edit.recompute', { from: fmt.dateTime(base.discoveredAt), to: fmt.dateTime(newDiscovered) })}
        </Alert>
      ) : null}
      {conflict ? <SaveStatus state="conflict" onReload={() => void reload()} /> : null}
    </FormModal>
  );
}
