import { useState, type FormEvent } from 'react';
import { Select, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { useFormat } from '../../lib/format.ts';
import { fiscalYearOf } from '../../../shared/dates.ts';
import { assessmentPage, assessmentPath, defaultCarrySource, newestFramework, useAssessmentLabels, useAssessmentsChanged, type TAssessment, type TFramework } from './assessments.ts';

const key = (f: Pick<TFramework, 'id' | 'version'>) => `${f.id}@${f.version}`;

/**
 * The fiscal year a new assessment is for: the edition's year, or — for the newest edition of its framework, which stays in
 * use until the next one is published — the current fiscal year when that is later (the server applies the same default).
 */
function defaultFiscalYear(all: TFramework[], f: TFramework | null, currentFy: number): number | null {
  if (!f || f.fiscalYear === null) return null;
  const newest = all.filter((x) => x.id === f.id).every((x) => (x.fiscalYear ?? 0) <= (f.fiscalYear ?? 0));
  return newest ? Math.max(f.fiscalYear, currentFy) : f.fiscalYear;
}

/** New checklist: framework and version, an optional name, and the earlier assessment to carry answers from (the previous year's by default). */
export function AssessmentCreateModal({
  facilityId,
  frameworks,
  existing,
  initial,
  onClose,
}: {
  facilityId: string;
  frameworks: TFramework[];
  existing: TAssessment[];
  initial: TFramework | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useAssessmentLabels();
  const navigate = useNavigate();
  const changed = useAssessmentsChanged();
  const sorted = [...frameworks].sort((a, b) => a.id.localeCompare(b.id) || (b.fiscalYear ?? 0) - (a.fiscalYear ?? 0) || b.version.localeCompare(a.version));
  const preferred = initial ?? newestFramework(frameworks, 'hospital') ?? sorted[0] ?? null;
  const [fw, setFw] = useState<string>(preferred ? key(preferred) : '');
  const chosen = sorted.find((f) => key(f) === fw) ?? null;
  const currentFy = fiscalYearOf(new Date());
  const [fy, setFy] = useState<number | null>(defaultFiscalYear(frameworks, chosen, currentFy));
  const fyOptions = chosen && chosen.fiscalYear !== null ? Array.from({ length: Math.max(1, currentFy + 2 - chosen.fiscalYear) }, (_, i) => (chosen.fiscalYear ?? 0) + i) : [];
  const initialCarry = chosen ? defaultCarrySource(existing, chosen.id, fy ?? chosen.fiscalYear) : null;
  const [carry, setCarry] = useState<string | null>(initialCarry?.id ?? '');
  const [title, setTitle] = useState('');
  const [error, setError] = useState<string | null>(null);

  const fwLabel = (f: TFramework) => `${f.fiscalYear !== null ? `${fmt.fiscalYear(f.fiscalYear)} ` : ''}${labels.text(f.title)} (${labels.sheet(f.sheet)} · ${f.version})`;
  const aName = (a: TAssessment) => a.title ?? labels.text(a.frameworkTitle);
  const candidates = chosen ? existing.filter((a) => a.frameworkId === chosen.id && a.sheet !== 'vendor') : [];

  const create = useMutation({
    mutationFn: () =>
      api.post<{ id?: string; assessment?: TAssessment }>(assessmentPath.list(facilityId), {
        frameworkId: chosen?.id,
        version: chosen?.version,
        ...(title.trim() ? { title: title.trim() } : {}),
        ...(carry ? { carryFromId: carry } : {}),
        ...(fy !== null ? { fiscalYear: fy } : {}),
      }),
    onSuccess: (r) => {
      changed();
      notify(t('assessments.create.created', { name: title.trim() || (chosen ? labels.text(chosen.title) : '') }));
      onClose();
      const id = r.assessment?.id ?? r.id;
      if (id) void navigate(assessmentPage.one(id));
    },
  });

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!chosen) {
      setError(t('validation.required'));
      return;
    }
    setError(null);
    create.mutate();
  };

  return (
    <FormModal
      title={t('assessments.create.title')}
      size="lg"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Boolean(error)}
      error={create.error}
      submitLabel={t('assessments.create.submit')}
      loading={create.isPending}
    >
      {sorted.length === 0 ? <Text size="sm">{t('assessments.create.noFrameworks')}</Text> : null}
      <Select
        id="assessment-create-framework"
        label={t('assessments.create.framework')}
        description={t('assessments.create.frameworkHelp')}
        required
        data-autofocus
        data={sorted.map((f) => ({ value: key(f), label: fwLabel(f) }))}
        value={fw}
        onChange={(v) => {
          setFw(v ?? '');
          const f = sorted.find((x) => key(x) === v) ?? null;
          const year = defaultFiscalYear(frameworks, f, currentFy);
          setFy(year);
          setCarry(f ? (defaultCarrySource(existing, f.id, year ?? f.fiscalYear)?.id ?? '') : '');
        }}
        allowDeselect={false}
        error={error}
      />
      {fyOptions.length > 0 ? (
        <Select
          id="assessment-create-fiscal-year"
          label={t('assessments.create.fiscalYear')}
          description={t('assessments.create.fiscalYearHelp')}
          data={fyOptions.map((y) => ({ value: String(y), label: fmt.fiscalYear(y) }))}
          value={fy !== null ? String(fy) : null}
          onChange={(v) => {
            const year = v ? Number(v) : null;
            setFy(year);
            if (chosen) setCarry(defaultCarrySource(existing, chosen.id, year ?? chosen.fiscalYear)?.id ?? '');
          }}
          allowDeselect={false}
        />
      ) : null}
      <TextInput label={t('assessments.create.titleField')} description={t('assessments.create.titleHelp')} maxLength={200} value={title} onChange={(e) => setTitle(e.currentTarget.value)} />
      {candidates.length > 0 ? (
        <Select
          label={t('assessments.create.carry')}
          description={t('assessments.create.carryHelp')}
          data={[
            { value: '', label: t('assessments.create.carryNone') },
            ...candidates.map((a) => ({
              value: a.id,
              label: t('assessments.create.carryOption', {
                name: `${aName(a)} ${a.frameworkVersion}`,
                year: a.fiscalYear !== null ? fmt.fiscalYear(a.fiscalYear) : t('assessments.list.noFiscalYear'),
                status: labels.status(a.status),
              }),
            })),
          ]}
          value={carry}
          onChange={(v) => setCarry(v ?? '')}
          allowDeselect={false}
        />
      ) : null}
    </FormModal>
  );
}
