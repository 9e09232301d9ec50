import { useState, type FormEvent } from 'react';
import { Select, Stack, Textarea, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { focusFirstError, issueField } from '../../../components/errors.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { notify } from '../../../components/notify.ts';
import { useFormat } from '../../../lib/format.ts';
import { BACKUP_MEDIUM_LABELS } from '../../../../shared/resilience/backup.ts';
import { isIsoDate } from '../../../../shared/ledger.ts';
import type { RecoveryTargetDto, RestoreDrillCreateBody, RestoreDrillDto } from '../../../../shared/contracts/resilience-drills.contract.ts';
import { DrillPreviewPanel, DrillRecordFields } from './DrillBits.tsx';
import { EMPTY_RECORD_DRAFT, drillPath, drillPreview, jstInputToUtc, recordDraftErrors, useBackupPlansOf, useDrillsChanged, type DrillRecordDraft } from './drills.ts';

type Errors = Record<string, string>;

/** Server issues → field errors (stable keys), by the form's field names. */
export function serverFieldErrors(e: unknown, fields: readonly string[], rename: Record<string, string> = {}): Errors {
  if (!isApiError(e)) return {};
  const out: Errors = {};
  for (const i of e.issues) {
    const path = issueField(i.path).replace(/^performed\./, '');
    const top = rename[path] ?? path.split('.')[0] ?? path;
    if (fields.includes(top) && !out[top]) out[top] = /^[a-z_]+$/.test(i.message) ? i.message : 'invalid';
  }
  return out;
}

function useIssueText() {
  const { t } = useTranslation();
  return (key: string | undefined) => (key ? t(`resilienceDrills.issues.${key as 'required'}`, { defaultValue: t('validation.issues.invalid') }) : undefined);
}

/** The systems a drill can be for (the recovery-target list) as select options. */
function systemOptions(targets: RecoveryTargetDto[]) {
  return targets.filter((s) => !s.system.deleted).map((s) => ({ value: s.system.id, label: s.system.name }));
}

function PlanSelect({ facilityId, assetId, value, onChange, id }: { facilityId: string; assetId: string | null; value: string | null; onChange: (v: string | null) => void; id: string }) {
  const { t } = useTranslation();
  const { locale } = useFormat();
  const plans = useBackupPlansOf(facilityId, assetId);
  const data = (plans.data?.items ?? []).map((p) => ({ value: p.id, label: p.label ? `${p.label} (${BACKUP_MEDIUM_LABELS[p.medium][locale]})` : BACKUP_MEDIUM_LABELS[p.medium][locale] }));
  return (
    <Select
      id={id}
      label={t('resilienceDrills.fields.plan')}
      description={assetId && plans.data && data.length === 0 ? t('resilienceDrills.fields.planNone') : t('resilienceDrills.fields.planHelp')}
      data={data}
      value={value}
      onChange={onChange}
      clearable
      disabled={!assetId || data.length === 0}
      placeholder={t('resilienceDrills.fields.planPlaceholder')}
    />
  );
}

/** Plan a drill: system, planned day, the backup copy to restore from, notes. */
export function PlanDrillModal({ facilityId, targets, assetId: initialAsset, onClose, onSaved }: { facilityId: string; targets: RecoveryTargetDto[]; assetId?: string; onClose: () => void; onSaved?: (d: RestoreDrillDto) => void }) {
  const { t } = useTranslation();
  const issue = useIssueText();
  const changed = useDrillsChanged();
  const [assetId, setAssetId] = useState<string | null>(initialAsset ?? null);
  const [plannedOn, setPlannedOn] = useState('');
  const [planId, setPlanId] = useState<string | null>(null);
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const save = useMutation({
    mutationFn: () => {
      const body: RestoreDrillCreateBody = { assetId: assetId ?? '', plannedOn, planId, notes: notes.trim() || null };
      return api.post<RestoreDrillDto>(drillPath.drills(facilityId), body);
    },
    onSuccess: (d) => {
      changed();
      notify(t('resilienceDrills.plan.saved', { system: d.system.name }));
      onSaved?.(d);
      onClose();
    },
    onError: (e) => setErrors(serverFieldErrors(e, ['assetId', 'plannedOn', 'planId', 'notes'])),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: Errors = {};
    if (!assetId) next.assetId = 'required';
    if (!plannedOn) next.plannedOn = 'required';
    else if (!isIsoDate(plannedOn)) next.plannedOn = 'invalid_date';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError('drill-plan', ['assetId', 'plannedOn'], next);
      return;
    }
    save.mutate();
  };
  return (
    <FormModal
      title={t('resilienceDrills.plan.title')}
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('resilienceDrills.form.fixErrors')}
      error={save.error}
      submitLabel={t('resilienceDrills.plan.submit')}
      loading={save.isPending}
    >
      <Select
        id="drill-plan-assetId"
        label={t('resilienceDrills.fields.system')}
        required
        searchable
        data={systemOptions(targets)}
        value={assetId}
        onChange={(v) => {
          setAssetId(v);
          setPlanId(null);
        }}
        error={issue(errors.assetId)}
        nothingFoundMessage={t('common.nothingFound')}
      />
      <TextInput id="drill-plan-plannedOn" type="date" label={t('resilienceDrills.fields.plannedOn')} required value={plannedOn} onChange={(e) => setPlannedOn(e.currentTarget.value)} error={issue(errors.plannedOn)} />
      <PlanSelect id="drill-plan-planId" facilityId={facilityId} assetId={assetId} value={planId} onChange={setPlanId} />
      <Textarea label={t('resilienceDrills.fields.notes')} placeholder={t('resilienceDrills.fields.notesPlaceholder')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} maxLength={4000} />
    </FormModal>
  );
}

/** Record a drill without a plan: the system, the copy restored from, and the drill performed with the live preview. */
export function RecordDrillModal({ facilityId, targets, onClose, onSaved }: { facilityId: string; targets: RecoveryTargetDto[]; onClose: () => void; onSaved?: (d: RestoreDrillDto) => void }) {
  const { t } = useTranslation();
  const issue = useIssueText();
  const changed = useDrillsChanged();
  const [assetId, setAssetId] = useState<string | null>(null);
  const [planId, setPlanId] = useState<string | null>(null);
  const [draft, setDraft] = useState<DrillRecordDraft>(EMPTY_RECORD_DRAFT);
  const [errors, setErrors] = useState<Errors>({});
  const [now] = useState(() => new Date());
  const target = targets.find((s) => s.system.id === assetId);
  const goals = { rtoHours: target?.rtoHours ?? null, rpoHours: target?.rpoHours ?? null };
  const preview = drillPreview(draft, goals, now);
  const save = useMutation({
    mutationFn: () => {
      const body: RestoreDrillCreateBody = {
        assetId: assetId ?? '',
        planId,
        performed: {
          startedAt: jstInputToUtc(draft.startedAt) ?? '',
          finishedAt: jstInputToUtc(draft.finishedAt) ?? '',
          dataAsOf: jstInputToUtc(draft.dataAsOf) ?? '',
          restored: draft.restored || 'full',
          problems: draft.problems.trim() || null,
          performedBy: draft.performedBy.trim() || null,
        },
      };
      return api.post<RestoreDrillDto>(drillPath.drills(facilityId), body);
    },
    onSuccess: (d) => {
      changed();
      notify(t('resilienceDrills.record.saved', { system: d.system.name }));
      onSaved?.(d);
      onClose();
    },
    onError: (e) => setErrors(serverFieldErrors(e, ['assetId', 'planId', 'startedAt', 'finishedAt', 'dataAsOf', 'restored', 'problems', 'performedBy'])),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A time "in the future" is checked against the moment of saving.
    const next: Errors = { ...recordDraftErrors(draft, drillPreview(draft, goals, new Date())) } as Errors;
    if (!assetId) next.assetId = 'required';
    setErrors(next);
    if (Object.keys(next).length > 0) {
      focusFirstError('drill-new', ['assetId', 'startedAt', 'finishedAt', 'dataAsOf', 'restored', 'performedBy'], next);
      return;
    }
    save.mutate();
  };
  return (
    <FormModal
      title={t('resilienceDrills.record.newTitle')}
      size="xl"
      fullScreenOnPhone
      onClose={onClose}
      onSubmit={submit}
      hasErrors={Object.keys(errors).length > 0}
      errorSummary={t('resilienceDrills.form.fixErrors')}
      error={save.error}
      submitLabel={t('resilienceDrills.record.submit')}
      loading={save.isPending}
    >
      <Stack gap="sm">
        <Select
          id="drill-new-assetId"
          label={t('resilienceDrills.fields.system')}
          required
          searchable
          data={systemOptions(targets)}
          value={assetId}
          onChange={(v) => {
            setAssetId(v);
            setPlanId(null);
          }}
          error={issue(errors.assetId)}
          nothingFoundMessage={t('common.nothingFound')}
        />
        <PlanSelect id="drill-new-planId" facilityId={facilityId} assetId={assetId} value={planId} onChange={setPlanId} />
        <DrillRecordFields draft={draft} onChange={setDraft} errors={errors} idPrefix="drill-new" />
        <DrillPreviewPanel preview={preview} targets={goals} />
      </Stack>
    </FormModal>
  );
}
