import { describe, expect, it } from 'vitest';
import i18n from '../../i18n/index.ts';
import { ACTION_SOURCE_TYPES, ACTION_STATUSES } from '../../../shared/assessments/types.ts';
import { actionDraftErrors } from './ActionFormModal.tsx';
import { ACTION_STATUS_FILTERS, actionApiQuery, actionFiltersFromParams, actionStatusTone, nextStatuses } from './actions.ts';

describe('action list filters in the URL', () => {
  it('defaults to not done (active), page 1; keeps known values and drops unknown ones', () => {
    const f = actionFiltersFromParams(new URLSearchParams(''));
    expect(f).toEqual({ q: '', status: 'active', sourceType: '', ownerUserId: '', page: 1 });
    expect(actionApiQuery(f)).toEqual({ q: undefined, status: 'active', sourceType: undefined, ownerUserId: undefined, page: 1, pageSize: 50 });
    const g = actionFiltersFromParams(new URLSearchParams('status=done&sourceType=assessment_item&ownerUserId=0190a1b2-c3d4&q=%20backup%20&page=3'));
    expect(actionApiQuery(g)).toEqual({ q: 'backup', status: 'done', sourceType: 'assessment_item', ownerUserId: '0190a1b2-c3d4', page: 3, pageSize: 50 });
    const bad = actionFiltersFromParams(new URLSearchParams('status=closed&sourceType=x&ownerUserId=../x&page=-2'));
    expect(bad).toMatchObject({ status: 'active', sourceType: '', ownerUserId: '', page: 1 });
  });

  it('sends no status for "all"', () => {
    expect(actionApiQuery(actionFiltersFromParams(new URLSearchParams('status=all'))).status).toBeUndefined();
  });
});

describe('action rules in the UI', () => {
  it('offers the transitions the server allows', () => {
    expect(nextStatuses('open')).toEqual(['open', 'in_progress', 'done', 'cancelled']);
    expect(nextStatuses('done')).toEqual(['done', 'open']);
    expect(nextStatuses('cancelled')).toEqual(['cancelled', 'open']);
  });

  it('shows overdue as danger whatever the status', () => {
    expect(actionStatusTone('in_progress', true)).toBe('danger');
    expect(actionStatusTone('done', false)).toBe('ok');
  });

  it('checks title and due date before sending', () => {
    expect(actionDraftErrors({ title: '  ', dueOn: '' })).toEqual({ title: 'required' });
    expect(actionDraftErrors({ title: 'x'.repeat(301), dueOn: '2026-13-01' })).toEqual({ title: 'tooLong', dueOn: 'invalid' });
    expect(actionDraftErrors({ title: 'バックアップの見直し', dueOn: '2026-03-31' })).toEqual({});
  });

  it('has a label for every status, filter and source type in both languages', () => {
    for (const lng of ['ja', 'en']) {
      for (const s of ACTION_STATUSES) expect(i18n.exists(`actions.status.${s}`, { lng }), s).toBe(true);
      for (const s of ACTION_STATUS_FILTERS) expect(i18n.exists(`actions.statusFilter.${s}`, { lng }), s).toBe(true);
      for (const s of ACTION_SOURCE_TYPES) expect(i18n.exists(`actions.sourceType.${s}`, { lng }), s).toBe(true);
    }
  });
});
