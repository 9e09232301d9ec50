import { describe, expect, it } from 'vitest';
import { latestReview, reviewOverdue } from './LedgerReview.tsx';

describe('ledger review line', () => {
  it('is overdue when never reviewed or more than 12 months ago', () => {
    expect(reviewOverdue(null, '2026-11-27')).toBe(true);
    expect(reviewOverdue('2025-11-27', '2026-11-27')).toBe(false);
    expect(reviewOverdue('2025-11-26', '2026-11-27')).toBe(true);
    expect(reviewOverdue('2026-09-01', '2026-11-27')).toBe(false);
    // 29 February: a year earlier is 28 February.
    expect(reviewOverdue('2023-02-28', '2024-02-29')).toBe(false);
    expect(reviewOverdue('2023-02-27', '2024-02-29')).toBe(true);
  });

  it('takes the newest review by date', () => {
    const r = (reviewedOn: string, createdAt: string) => ({ reviewedOn, createdAt });
    expect(latestReview([r('2025-09-01', '2025-09-01T00:00:00Z'), r('2026-01-10', '2026-01-10T00:00:00Z'), r('2024-01-01', '2026-02-01T00:00:00Z')])?.reviewedOn).toBe('2026-01-10');
    expect(latestReview([])).toBeNull();
  });
});
