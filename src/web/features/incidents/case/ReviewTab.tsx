import { useState } from 'react';
import { Alert, Anchor, Button, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { IconCircleCheck, IconDeviceFloppy, IconInfoCircle, IconListCheck, IconPlus } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api, isApiError } from '../../../api/client.ts';
import { ConfirmModal } from '../../../components/ConfirmModal.tsx';
import { ErrorAlert } from '../../../components/ErrorAlert.tsx';
import { Loading } from '../../../components/Loading.tsx';
import { notify } from '../../../components/notify.ts';
import { SectionCard } from '../../../components/SectionCard.tsx';
import { StatusBadge } from '../../../components/StatusBadge.tsx';
import { useFormat } from '../../../lib/format.ts';
import { PATHS } from '../../../paths.ts';
import { actionStatusLabel, actionStatusTone, useOwnerOptions } from '../../actions/actions.ts';
import type { CaseDetailDto } from '../../../../shared/contracts/incident-cases.contract.ts';
import { EVIDENCE_LIMITS, type IncidentReviewDto } from '../../../../shared/contracts/incident-evidence.contract.ts';
import { casePath, caseKey, useCaseChanged, useReview } from './caseApi.ts';
import type { CaseAccess } from './CasePage.tsx';
import { SaveStatus } from './SaveStatus.tsx';

const FIELDS = ['wentWell', 'wentWrong', 'lessons', 'rootCause'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;
const valuesOf = (r: IncidentReviewDto): Values => ({ wentWell: r.wentWell ?? '', wentWrong: r.wentWrong ?? '', lessons: r.lessons ?? '', rootCause: r.rootCause ?? '' });

/** The after-incident review: what went well and wrong, the lessons and the root cause; completed by incident.review; lessons become actions. */
export function ReviewTab({ c, access }: { c: CaseDetailDto; access: CaseAccess }) {
  const { t } = useTranslation();
  const review = useReview(c.id);
  if (!review.data) return review.error ? <ErrorAlert error={review.error} /> : <Loading />;
  return (
    <Stack gap="md">
      <Title order={2} size="h4">
        {t('incidentCase.review.title')}
      </Title>
      <ReviewForm c={c} review={review.data} canReview={access.review} />
      <ReviewActions c={c} review={review.data} canReview={access.review} />
    </Stack>
  );
}

function ReviewForm({ c, review, canReview }: { c: CaseDetailDto; review: IncidentReviewDto; canReview: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const changed = useCaseChanged();
  const [values, setValues] = useState<Values>(() => valuesOf(review));
  const [base, setBase] = useState<Values>(() => valuesOf(review));
  const [conflict, setConflict] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const completed = review.completedAt !== null;
  const editable = canReview && !completed;
  const dirty = FIELDS.some((f) => values[f] !== base[f]);

  // A newer review from the server (another tab, another person) replaces the text here while nothing is being edited.
  const stamp = `${review.updatedAt ?? ''}|${review.completedAt ?? ''}`;
  const [seen, setSeen] = useState(stamp);
  if (seen !== stamp) {
    setSeen(stamp);
    if (!dirty) {
      setValues(valuesOf(review));
      setBase(valuesOf(review));
    }
  }

  const save = useMutation({
    mutationFn: () => api.put<IncidentReviewDto>(casePath.review(c.id), { ...Object.fromEntries(FIELDS.map((f) => [f, values[f].trim() ? values[f] : null])), expectedUpdatedAt: review.updatedAt }),
    onSuccess: (r) => {
      qc.setQueryData(caseKey(c.id, 'review'), r);
      setBase(valuesOf(r));
      setValues(valuesOf(r));
      setConflict(false);
      changed();
      notify(t('incidentCase.review.saved'));
    },
    onError: (e) => {
      if (isApiError(e) && e.code === 'CONFLICT') setConflict(true);
    },
  });
  const complete = useMutation({
    mutationFn: () => api.post<IncidentReviewDto>(casePath.reviewComplete(c.id)),
    onSuccess: (r) => {
      qc.setQueryData(caseKey(c.id, 'review'), r);
      changed();
      setConfirm(false);
      notify(t('incidentCase.review.completedToast'));
    },
  });
  const reload = async () => {
    const r = await qc.fetchQuery({ queryKey: caseKey(c.id, 'review'), queryFn: () => api.get<IncidentReviewDto>(casePath.review(c.id)), staleTime: 0 });
    setValues(valuesOf(r));
    setBase(valuesOf(r));
    setConflict(false);
  };

  return (
    <SectionCard id="case-review" title={t('incidentCase.review.formTitle')}>
      <Stack gap="sm">
        {completed ? (
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />} data-testid="review-completed">
            {t('incidentCase.review.completed', { at: fmt.dateTime(review.completedAt!), name: review.updatedBy?.name ?? t('incidentCase.unknownPerson') })}
          </Alert>
        ) : (
          <Text size="sm" c="dimmed">
            {canReview ? t('incidentCase.review.help') : t('incidentCase.review.readOnly')}
          </Text>
        )}
        {conflict ? <SaveStatus state="conflict" onReload={() => void reload()} /> : null}
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {FIELDS.map((f) =>
            editable ? (
              <Textarea
                key={f}
                label={t(`incidentCase.review.fields.${f}`)}
                description={t(`incidentCase.review.hints.${f}`)}
                required={f === 'lessons'}
                value={values[f]}
                onChange={(e) => {
                  const v = e.currentTarget.value;
                  setValues((x) => ({ ...x, [f]: v }));
                }}
                autosize
                minRows={3}
                maxLength={EVIDENCE_LIMITS.reviewChars}
              />
            ) : (
              <div key={f}>
                <Text size="sm" fw={700}>
                  {t(`incidentCase.review.fields.${f}`)}
                </Text>
                <Text size="sm" className="case-prewrap" c={values[f] ? undefined : 'dimmed'}>
                  {values[f] || t('incidentCase.overview.notYet')}
                </Text>
              </div>
            ),
          )}
        </SimpleGrid>
        {save.error && !conflict ? <ErrorAlert error={save.error} /> : null}
        {editable ? (
          <Group justify="flex-end" gap="xs" className="no-print" wrap="wrap">
            {review.updatedAt ? (
              <Text size="xs" c="dimmed">
                {t('incidentCase.review.lastSaved', { at: fmt.dateTime(review.updatedAt) })}
              </Text>
            ) : null}
            <Button variant="default" onClick={() => save.mutate()} disabled={!dirty} loading={save.isPending} leftSection={<IconDeviceFloppy size={16} aria-hidden />}>
              {t('incidentCase.review.save')}
            </Button>
            <Button onClick={() => setConfirm(true)} disabled={dirty || !base.lessons.trim()} leftSection={<IconCircleCheck size={16} aria-hidden />}>
              {t('incidentCase.review.complete')}
            </Button>
          </Group>
        ) : null}
        {editable && !base.lessons.trim() ? (
          <Text size="xs" c="dimmed" ta="right" className="no-print">
            {t('incidentCase.review.lessonsFirst')}
          </Text>
        ) : null}
      </Stack>
      <ConfirmModal
        opened={confirm}
        title={t('incidentCase.review.completeTitle')}
        message={t('incidentCase.review.completeConfirm', { number: c.number })}
        confirmLabel={t('incidentCase.review.complete')}
        loading={complete.isPending}
        error={complete.error}
        onConfirm={() => complete.mutate()}
        onClose={() => {
          setConfirm(false);
          complete.reset();
        }}
      />
    </SectionCard>
  );
}

function ReviewActions({ c, review, canReview }: { c: CaseDetailDto; review: IncidentReviewDto; canReview: boolean }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const changed = useCaseChanged();
  const owners = useOwnerOptions(c.facilityId);
  const [title, setTitle] = useState('');
  const [owner, setOwner] = useState<string | null>(null);
  const [dueOn, setDueOn] = useState('');
  const m = useMutation({
    mutationFn: () => api.post<IncidentReviewDto>(casePath.reviewActions(c.id), { title: title.trim(), ownerUserId: owner, dueOn: dueOn || null }),
    onSuccess: (r) => {
      qc.setQueryData(caseKey(c.id, 'review'), r);
      changed();
      notify(t('incidentCase.review.actionAdded', { title: title.trim() }));
      setTitle('');
      setOwner(null);
      setDueOn('');
    },
  });
  return (
    <SectionCard
      id="case-review-actions"
      title={t('incidentCase.review.actionsTitle')}
      icon={<IconListCheck size={20} aria-hidden />}
      aside={
        <Anchor component={Link} to={PATHS.actions} size="sm" className="no-print">
          {t('incidentCase.review.openActions')}
        </Anchor>
      }
    >
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          {t('incidentCase.review.actionsHelp')}
        </Text>
        {review.actions.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('incidentCase.review.noActions')}
          </Text>
        ) : (
          <Table.ScrollContainer minWidth={420}>
            <Table verticalSpacing={6} data-testid="review-actions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('incidentCase.review.actionTitle')}</Table.Th>
                  <Table.Th>{t('incidentCase.review.actionStatus')}</Table.Th>
                  <Table.Th>{t('incidentCase.review.actionDue')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {review.actions.map((a) => (
                  <Table.Tr key={a.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`${PATHS.actions}/${encodeURIComponent(a.id)}`} size="sm">
                        {a.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <StatusBadge tone={actionStatusTone(a.status, a.overdue)}>
                        {actionStatusLabel(t, a.status)}
                        {a.overdue ? ` · ${t('incidentCase.review.overdue')}` : ''}
                      </StatusBadge>
                    </Table.Td>
                    <Table.Td>{a.dueOn ? fmt.date(`${a.dueOn}T00:00:00+09:00`) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canReview ? (
          <form
            noValidate
            className="no-print"
            onSubmit={(e) => {
              e.preventDefault();
              if (title.trim()) m.mutate();
            }}
          >
            <Stack gap="xs">
              <Group gap="xs" align="flex-end" wrap="wrap">
                <TextInput label={t('incidentCase.review.newAction')} value={title} onChange={(e) => setTitle(e.currentTarget.value)} maxLength={EVIDENCE_LIMITS.actionTitleChars} style={{ flex: '2 1 16rem' }} />
                <Select label={t('incidentCase.review.owner')} data={owners} value={owner} onChange={setOwner} searchable clearable style={{ flex: '1 1 10rem' }} nothingFoundMessage={t('common.nothingFound')} />
                <TextInput type="date" label={t('incidentCase.review.actionDue')} value={dueOn} onChange={(e) => setDueOn(e.currentTarget.value)} style={{ flex: '0 1 10rem' }} />
                <Button type="submit" disabled={!title.trim()} loading={m.isPending} leftSection={<IconPlus size={16} aria-hidden />}>
                  {t('incidentCase.review.addAction')}
                </Button>
              </Group>
              {m.error ? <ErrorAlert error={m.error} /> : null}
            </Stack>
          </form>
        ) : null}
        {!canReview ? (
          <Group gap={4}>
            <IconInfoCircle size={14} aria-hidden />
            <Text size="xs" c="dimmed">
              {t('incidentCase.review.actionsReadOnly')}
            </Text>
          </Group>
        ) : null}
      </Stack>
    </SectionCard>
  );
}
