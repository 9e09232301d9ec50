import { useState } from 'react';
import { Alert, Badge, Button, Group, Paper, SegmentedControl, Stack, Text, Textarea, Title } from '@mantine/core';
import { IconArrowBackUp, IconDeviceFloppy, IconFileTypePdf, IconInfoCircle, IconPrinter, IconWand } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { CopyButton } from '../../../components/CopyButton.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { useFormat } from '../../../lib/format.ts';
import { DRAFT_KINDS, type DraftKind } from '../../../../shared/incidents/cases.ts';
import { draftText } from '../../../../shared/incidents/drafts.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { DRAFT_FIELD_MAX_CHARS, type DraftDto } from '../../../../shared/contracts/incident-clocks.contract.ts';
import { draftEdits } from './case.ts';
import { casePath, caseKey, useCaseChanged, useDraft } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { useCaseLabels } from './labels.tsx';
import { SaveStatus } from './SaveStatus.tsx';

/** The report drafts tab: the three drafts, pre-filled from the case, edited field by field, printed, downloaded as PDF or copied. */
export function DraftsTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const [kind, setKind] = useState<DraftKind>('ppc');
  return (
    <Stack gap="md" component="section" aria-labelledby="case-drafts-title">
      <Title order={2} size="h4" id="case-drafts-title">
        {t('incidentCase.drafts.title')}
      </Title>
      <SegmentedControl
        className="no-print"
        value={kind}
        onChange={(v) => setKind(v as DraftKind)}
        data={DRAFT_KINDS.map((k) => ({ value: k, label: t(`incidentCase.drafts.kind.${k}`) }))}
        aria-label={t('incidentCase.drafts.pick')}
        orientation="horizontal"
        fullWidth
        styles={{ root: { flexWrap: 'wrap' }, label: { whiteSpace: 'normal', lineHeight: 1.4 } }}
      />
      <DraftEditor key={kind} c={c} kind={kind} canWrite={access.write} />
    </Stack>
  );
}

function DraftEditor({ c, kind, canWrite }: { c: CaseDetailDto; kind: DraftKind; canWrite: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const labels = useCaseLabels();
  const qc = useQueryClient();
  const changed = useCaseChanged();
  const draft = useDraft(c.id, kind, fmt.locale);
  const [values, setValues] = useState<Record<string, string>>({});
  const [conflict, setConflict] = useState(false);

  const save = useMutation({
    mutationFn: (d: DraftDto) => {
      const current = Object.fromEntries(d.fields.map((f) => [f.key, values[f.key] ?? f.value]));
      return api.put<DraftDto>(casePath.draft(c.id, kind), { fields: draftEdits(d.fields, current), expectedUpdatedAt: d.updatedAt });
    },
    onSuccess: (res) => {
      qc.setQueryData(caseKey(c.id, 'draft', kind, fmt.locale), res);
      setValues({});
      setConflict(false);
      changed();
      notify(t('incidentCase.drafts.saved'));
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'CONFLICT') setConflict(true);
    },
  });

  if (!draft.data) return draft.error ? <ErrorAlert error={draft.error} /> : <Loading />;
  const d = draft.data;
  const dirty = d.fields.some((f) => values[f.key] !== undefined && values[f.key] !== f.value);
  const current = d.fields.map((f) => ({ ...f, value: values[f.key] ?? f.value }));
  const text = draftText(kind, current, fmt.locale);
  const reload = async () => {
    setValues({});
    setConflict(false);
    await draft.refetch();
  };

  return (
    <Stack gap="sm" data-testid="draft-editor" data-kind={kind}>
      <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
        <div>
          <Text fw={700}>{labels.text(d.title)}</Text>
          <Text size="xs" c="dimmed">
            {d.updatedAt ? t('incidentCase.drafts.lastSaved', { at: fmt.dateTime(d.updatedAt), name: d.updatedBy?.name ?? t('incidentCase.unknownPerson') }) : t('incidentCase.drafts.neverSaved')}
          </Text>
        </div>
        <Group gap="xs" className="no-print" wrap="wrap">
          <Button component="a" href={casePath.draftExport(c.id, kind, 'html', fmt.locale)} target="_blank" rel="noopener" variant="default" size="sm" leftSection={<IconPrinter size={16} aria-hidden />} data-testid="draft-html">
            {t('incidentCase.drafts.printHtml')}
          </Button>
          <Button component="a" href={casePath.draftExport(c.id, kind, 'pdf', fmt.locale)} download variant="default" size="sm" leftSection={<IconFileTypePdf size={16} aria-hidden />} data-testid="draft-pdf">
            {t('incidentCase.drafts.pdf')}
          </Button>
          <CopyButton value={text} label={t('incidentCase.drafts.copy')} size="sm" />
        </Group>
      </Group>
      {!d.verified || d.note ? (
        <Alert color="yellow" variant="light" icon={<IconInfoCircle aria-hidden />}>
          {!d.verified ? <Text size="sm">{t('incidentCase.drafts.unverified')}</Text> : null}
          {d.note ? <Text size="sm">{labels.text(d.note)}</Text> : null}
        </Alert>
      ) : null}
      {dirty ? (
        <Text size="xs" c="orange.9" className="no-print">
          {t('incidentCase.drafts.exportUsesSaved')}
        </Text>
      ) : null}
      {conflict ? <SaveStatus state="conflict" onReload={() => void reload()} /> : null}
      {d.fields.map((f) => {
        const v = values[f.key] ?? f.value;
        const edited = v !== f.prefilled;
        return (
          <Paper key={f.key} withBorder radius="md" p={{ base: 'xs', sm: 'sm' }} data-testid="draft-field" data-key={f.key} data-source={edited ? 'edited' : 'prefilled'}>
            <Stack gap={4}>
              <Group justify="space-between" gap="xs" wrap="wrap" align="flex-start">
                <Text size="sm" fw={700} component="label" htmlFor={`draft-${kind}-${f.key}`} style={{ flex: '1 1 14rem', lineHeight: 1.5 }}>
                  {labels.text(f.label)}
                </Text>
                <Group gap={4}>
                  {edited ? (
                    <Badge variant="light" color="blue" radius="sm" leftSection={<IconDeviceFloppy size={12} aria-hidden />} styles={{ root: { textTransform: 'none' } }}>
                      {t('incidentCase.drafts.edited')}
                    </Badge>
                  ) : (
                    <Badge variant="light" color="gray" radius="sm" leftSection={<IconWand size={12} aria-hidden />} styles={{ root: { textTransform: 'none' } }}>
                      {t('incidentCase.drafts.prefilled')}
                    </Badge>
                  )}
                  {edited && canWrite ? (
                    <Button size="compact-xs" variant="subtle" leftSection={<IconArrowBackUp size={12} aria-hidden />} onClick={() => setValues((x) => ({ ...x, [f.key]: f.prefilled }))} className="no-print" aria-label={t('incidentCase.drafts.resetLabel', { field: labels.text(f.label) })}>
                      {t('incidentCase.drafts.reset')}
                    </Button>
                  ) : null}
                </Group>
              </Group>
              {f.hint ? (
                <Text size="xs" c="dimmed">
                  {labels.text(f.hint)}
                </Text>
              ) : null}
              {canWrite ? (
                <Textarea id={`draft-${kind}-${f.key}`} value={v} onChange={(e) => setValues((x) => ({ ...x, [f.key]: e.currentTarget.value }))} autosize minRows={2} maxRows={16} maxLength={DRAFT_FIELD_MAX_CHARS} />
              ) : (
                <Text size="sm" className="case-prewrap" id={`draft-${kind}-${f.key}`}>
                  {v}
                </Text>
              )}
            </Stack>
          </Paper>
        );
      })}
      {save.error && !conflict ? <ErrorAlert error={save.error} /> : null}
      {canWrite ? (
        <Group justify="flex-end" className="no-print" style={{ position: 'sticky', bottom: 0, background: 'var(--mantine-color-body)', padding: '8px 0' }}>
          {dirty ? (
            <Text size="sm" c="dimmed">
              {t('incidentCase.drafts.unsaved')}
            </Text>
          ) : null}
          <Button onClick={() => save.mutate(d)} loading={save.isPending} disabled={!dirty} leftSection={<IconDeviceFloppy size={16} aria-hidden />}>
            {t('incidentCase.drafts.save')}
          </Button>
        </Group>
      ) : null}
    </Stack>
  );
}
