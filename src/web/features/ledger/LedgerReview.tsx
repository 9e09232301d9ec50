import { useState, type FormEvent } from 'react';
import { Button, Group, Text, Textarea, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconClipboardCheck, IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { api } from '../../api/client.ts';
import { FormModal } from '../../components/FormModal.tsx';
import { notify } from '../../components/notify.ts';
import { useFormat } from '../../lib/format.ts';
import type { ZLedgerReview } from '../../../shared/contracts/assessments.contract.ts';
import { jstDateKey } from '../../../shared/dates.ts';
import { isIsoDate } from '../../../shared/ledger.ts';
import { LEDGER_KEY } from './ledger.ts';

type LedgerReviewDto = z.infer<typeof ZLedgerReview>;

const reviewsPath = (facilityId: string) => `/facilities/${encodeURIComponent(facilityId)}/ledger-reviews`;

/** The newest review (by review date) or null. */
export function latestReview<T extends { reviewedOn: string; createdAt: string }>(items: T[]): T | null {
  return [...items].sort((a, b) => b.reviewedOn.localeCompare(a.reviewedOn) || b.createdAt.localeCompare(a.createdAt))[0] ?? null;
}

/** A review older than 12 months (or none) no longer supports checklist item 2(1). `today` is YYYY-MM-DD (JST). */
export function reviewOverdue(reviewedOn: string | null, today: string): boolean {
  if (!reviewedOn) return true;
  const [y, m, d] = today.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(Date.UTC(y - 1, m, 0)).getUTCDate();
  const yearAgo = `${y - 1}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
  return reviewedOn < yearAgo;
}

export function useLedgerReviews(facilityId: string | null, enabled: boolean) {
  return useQuery({
    queryKey: [...LEDGER_KEY, facilityId, 'reviews'],
    queryFn: ({ signal }) => api.get<{ items: LedgerReviewDto[] }>(reviewsPath(facilityId ?? ''), undefined, signal),
    enabled: enabled && Boolean(facilityId),
  });
}

/** "Last review: <date> (<relative>)", red with an icon when over 12 months or never. */
export function LedgerReviewLine({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const q = useLedgerReviews(facilityId, true);
  if (!q.data) return null;
  const last = latestReview(q.data.items);
  const overdue = reviewOverdue(last?.reviewedOn ?? null, jstDateKey(new Date()));
  const text = last
    ? t('ledger.review.last', { date: fmt.date(last.reviewedOn), relative: fmt.relative(`${last.reviewedOn}T00:00:00+09:00`) })
    : t('ledger.review.never');
  return (
    <Group gap={6} wrap="nowrap" data-testid="ledger-review-line">
      {overdue ? <IconAlertTriangle size={16} color="var(--mantine-color-red-9)" aria-hidden /> : <IconCircleCheck size={16} color="var(--mantine-color-green-8)" aria-hidden />}
      <Text size="sm" c={overdue ? 'red.9' : undefined} fw={overdue ? 600 : undefined}>
        {text}
        {overdue && last ? ` ${t('ledger.review.overdue')}` : ''}
      </Text>
    </Group>
  );
}

/** "Ledger reviewed": records a review (date, note) with a snapshot of the ledger's counts. */
export function LedgerReviewButton({ facilityId }: { facilityId: string }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconClipboardCheck size={16} aria-hidden />} onClick={() => setOpen(true)}>
        {t('ledger.review.button')}
      </Button>
      {open ? <LedgerReviewModal facilityId={facilityId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function LedgerReviewModal({ facilityId, onClose }: { facilityId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const fmt = useFormat();
  const qc = useQueryClient();
  const [today] = useState(() => jstDateKey(new Date()));
  const [reviewedOn, setReviewedOn] = useState(today);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | undefined>();
  const save = useMutation({
    mutationFn: () => api.post<LedgerReviewDto>(reviewsPath(facilityId), { reviewedOn, ...(note.trim() ? { note: note.trim() } : {}) }),
    onSuccess: (r) => {
      void qc.invalidateQueries({ queryKey: [...LEDGER_KEY, facilityId, 'reviews'] });
      // The checklist's item 2(1) looks at the review.
      void qc.invalidateQueries({ queryKey: ['assessments'] });
      notify(t('ledger.review.saved', { date: fmt.date(r.reviewedOn ?? reviewedOn) }));
      onClose();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isIsoDate(reviewedOn) || reviewedOn > today) {
      setError(t('ledger.review.dateError'));
      document.getElementById('ledger-review-date')?.focus();
      return;
    }
    setError(undefined);
    save.mutate();
  };
  return (
    <FormModal
      title={t('ledger.review.title')}
      onClose={onClose}
      onSubmit={submit}
      note={t('ledger.review.intro')}
      hasErrors={Boolean(error)}
      error={save.error}
      submitLabel={t('ledger.review.submit')}
      loading={save.isPending}
    >
      <TextInput id="ledger-review-date" type="date" label={t('ledger.review.reviewedOn')} required value={reviewedOn} max={today} onChange={(e) => setReviewedOn(e.currentTarget.value)} error={error} data-autofocus />
      <Textarea label={t('ledger.review.note')} description={t('ledger.review.noteHelp')} autosize minRows={3} maxRows={8} maxLength={2000} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
    </FormModal>
  );
}
