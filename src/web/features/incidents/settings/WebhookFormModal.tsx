import { useState } from 'react';
import { Alert, PasswordInput, Select, Switch, TextInput } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { FormModal } from '../../../components/FormModal.tsx';
import { issueField, issueText } from '../../../components/errors.ts';
import { notify } from '../../../components/notify.ts';
import { WEBHOOK_FORMATS, type WebhookFormat } from '../../../../shared/incidents/cases.ts';
import { settingsPath, useSettingsChanged, webhookDraft, webhookPatch, webhookUrlProblem, type IncidentWebhookDto, type WebhookDraft } from './settings.ts';

type Field = 'name' | 'url';
const URL_ISSUES = ['invalid_url', 'https_required', 'credentials_in_url'] as const;

/**
 * Add or edit a webhook. The address is write-only: typed once, stored encrypted, never shown again (only its hint);
 * editing leaves it as it is unless a new one is typed.
 */
export function WebhookFormModal({ facilityId, webhook, onClose }: { facilityId: string; webhook?: IncidentWebhookDto; onClose: () => void }) {
  const { t } = useTranslation();
  const changed = useSettingsChanged();
  const [draft, setDraft] = useState<WebhookDraft>(() => webhookDraft(webhook));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const editing = webhook !== undefined;

  const urlText = (code: string) => ((URL_ISSUES as readonly string[]).includes(code) ? t(`incidentSettings.webhooks.issues.${code as (typeof URL_ISSUES)[number]}`) : t('validation.issues.invalid'));

  const save = useMutation({
    mutationFn: (d: WebhookDraft) =>
      editing
        ? api.patch<IncidentWebhookDto>(settingsPath.webhook(facilityId, webhook.id), webhookPatch(webhook, d))
        : api.post<IncidentWebhookDto>(settingsPath.webhooks(facilityId), { name: d.name.trim(), format: d.format, url: d.url.trim(), enabled: d.enabled }),
    onSuccess: (w) => {
      changed();
      notify(editing ? t('incidentSettings.webhooks.form.updatedDone', { name: w.name }) : t('incidentSettings.webhooks.form.created', { name: w.name }));
      onClose();
    },
    onError: (e) => {
      if (!isApiError(e)) return;
      const next: Partial<Record<Field, string>> = {};
      for (const issue of e.issues) {
        const f = issueField(issue.path);
        if (f === 'url') next.url = urlText(issue.message);
        if (f === 'name') next.name = issueText(t, e, issue);
      }
      setErrors(next);
      focusFirst(next);
    },
  });

  const check = (d: WebhookDraft): Partial<Record<Field, string>> => {
    const out: Partial<Record<Field, string>> = {};
    if (!d.name.trim()) out.name = t('validation.required');
    else if (d.name.trim().length > 100) out.name = t('validation.maxLength', { max: 100 });
    if (!editing || d.url.trim()) {
      if (!d.url.trim()) out.url = t('validation.required');
      else {
        const p = webhookUrlProblem(d.url);
        if (p) out.url = urlText(p);
      }
    }
    return out;
  };

  return (
    <FormModal
      title={editing ? t('incidentSettings.webhooks.form.editTitle') : t('incidentSettings.webhooks.form.createTitle')}
      onClose={onClose}
      onSubmit={(e) => {
        e.preventDefault();
        const errs = check(draft);
        setErrors(errs);
        if (Object.keys(errs).length > 0) {
          focusFirst(errs);
          return;
        }
        save.mutate(draft);
      }}
      hasErrors={Object.values(errors).some(Boolean)}
      error={save.error}
      submitLabel={editing ? t('common.save') : t('incidentSettings.webhooks.form.create')}
      loading={save.isPending}
    >
      <TextInput
        id="webhook-name"
        label={t('incidentSettings.webhooks.name')}
        description={t('incidentSettings.webhooks.form.nameHelp')}
        required
        maxLength={100}
        value={draft.name}
        onChange={(e) => {
          setDraft({ ...draft, name: e.currentTarget.value });
          setErrors({ ...errors, name: undefined });
        }}
        error={errors.name}
        data-autofocus
      />
      <Select
        id="webhook-format"
        label={t('incidentSettings.webhooks.format')}
        required
        allowDeselect={false}
        data={WEBHOOK_FORMATS.map((f) => ({ value: f, label: t(`incidentSettings.webhooks.formats.${f}`) }))}
        value={draft.format}
        onChange={(v) => v && setDraft({ ...draft, format: v as WebhookFormat })}
      />
      <Alert color="blue" variant="light" icon={<IconLock aria-hidden />} p="xs">
        {t('incidentSettings.webhooks.form.urlSecret')}
      </Alert>
      {/* A password field: the address often carries a secret; it is not kept by the browser and never shown back. */}
      <PasswordInput
        id="webhook-url"
        label={editing ? t('incidentSettings.webhooks.form.urlNew') : t('incidentSettings.webhooks.url')}
        description={editing ? t('incidentSettings.webhooks.form.urlKeep', { hint: webhook.urlHint }) : t('incidentSettings.webhooks.form.urlHelp')}
        required={!editing}
        autoComplete="off"
        spellCheck={false}
        value={draft.url}
        onChange={(e) => {
          setDraft({ ...draft, url: e.currentTarget.value });
          setErrors({ ...errors, url: undefined });
        }}
        error={errors.url}
        visibilityToggleButtonProps={{ 'aria-label': t('incidentSettings.webhooks.form.showUrl') }}
      />
      <Switch
        label={t('incidentSettings.webhooks.enabled')}
        description={t('incidentSettings.webhooks.form.enabledHelp')}
        checked={draft.enabled}
        onChange={(e) => setDraft({ ...draft, enabled: e.currentTarget.checked })}
      />
    </FormModal>
  );
}

function focusFirst(errors: Partial<Record<Field, string>>) {
  const first = (['name', 'url'] as const).find((f) => errors[f]);
  if (first) document.getElementById(`webhook-${first}`)?.focus();
}
