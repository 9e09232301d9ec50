import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { fieldIssueTexts, focusFirstError } from './errors.ts';

describe('fieldIssueTexts', () => {
  const values = { name: '', ips: ['10.0.0.1', 'x'], date: '' };

  it('groups issues by top-level form field, drops repeats and unknown fields, and passes the rest of the path', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [
      { path: 'body.ips.1', message: 'invalid_ip' },
      { path: 'body.ips.1', message: 'invalid_ip' },
      { path: 'body.name', message: 'too_big' },
      { path: 'body.name', message: 'required' },
      { path: 'body.nope', message: 'invalid' },
    ]);
    const seen: [string, string[]][] = [];
    const out = fieldIssueTexts(e, values, (issue, field, rest) => {
      seen.push([field, rest]);
      return `${field}:${issue.message}${rest.length ? `@${rest.join('.')}` : ''}`;
    });
    expect(out).toEqual({ ips: 'ips:invalid_ip@1', name: 'name:too_big name:required' });
    expect(seen).toContainEqual(['ips', ['1']]);
    expect(seen.some(([field]) => field === 'nope')).toBe(false);
  });

  it('renames API fields to form fields', () => {
    const e = new ApiError(400, 'VALIDATION_FAILED', '', [{ path: 'body.expiresOn', message: 'invalid_date' }]);
    expect(fieldIssueTexts(e, values, (issue) => issue.message, { expiresOn: 'date' })).toEqual({ date: 'invalid_date' });
    expect(fieldIssueTexts(e, values, (issue) => issue.message)).toEqual({});
  });
});

describe('focusFirstError', () => {
  it('does nothing without a document field to focus', () => {
    // No DOM in the unit project: the first erroneous field in form order is looked up and simply not found.
    const calls: string[] = [];
    const original = globalThis.document;
    (globalThis as { document?: unknown }).document = { getElementById: (id: string) => (calls.push(id), null) };
    try {
      focusFirstError('f', ['a', 'b', 'c'], { c: 'x', b: 'y' });
    } finally {
      (globalThis as { document?: unknown }).document = original;
    }
    expect(calls).toEqual(['f-b']);
  });
});
