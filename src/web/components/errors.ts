import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { UseFormReturnType } from '@mantine/form';
import { ERROR_MESSAGES, type FieldIssue } from '../../shared/errors.ts';
import { isApiError, type ApiError } from '../api/client.ts';

export interface ErrorText {
  title: string;
  detail: string | null;
}

/** Turns any thrown value into a translated headline and, when the server said more, a detail line. */
export function useErrorText(): (error: unknown) => ErrorText {
  const { t } = useTranslation();
  return (error: unknown) => {
    if (isApiError(error)) {
      if (error.code === 'NETWORK') return { title: t('common.error.network'), detail: null };
      const title = t(`errors.${error.code}`);
      // The server sends the generic message of the code (in the user's saved language); only a
      // message that says something more is worth showing.
      const generic = Object.values(ERROR_MESSAGES[error.code]) as string[];
      const detail = error.message && !generic.includes(error.message) ? error.message : null;
      return { title, detail };
    }
    return { title: t('common.error.unexpected'), detail: error instanceof Error ? error.message : null };
  };
}

/** API issue paths carry the request part first (`body.email`); forms use the field path (`email`). */
export function issueField(path: string): string {
  return path.replace(/^(body|query|params|querystring)\.?/, '');
}

/**
 * A field issue in the user's language. Issue messages from the server are short machine codes
 * (`reused`, `too_short`) or the offending value, so they are translated by code, falling back to
 * the error code's message.
 */
export function issueText(t: TFunction, error: ApiError, issue: FieldIssue): string {
  const key = `validation.issues.${issue.message}`;
  if (/^[a-z][a-zA-Z_]*$/.test(issue.message) && t(key as 'validation.issues.invalid', { defaultValue: '' })) return t(key as 'validation.issues.invalid');
  if (error.code === 'VALIDATION_FAILED' || error.code === 'BAD_REQUEST') return t('validation.issues.invalid');
  return t(`errors.${error.code === 'NETWORK' ? 'INTERNAL' : error.code}`);
}

/**
 * Shows field-level issues next to the matching form fields. `pathMap` renames API paths to form
 * paths. Returns true when at least one issue landed on a field.
 */
export function applyFieldIssues<T>(form: UseFormReturnType<T>, error: unknown, t: TFunction, pathMap: Record<string, string> = {}): boolean {
  if (!isApiError(error) || error.issues.length === 0) return false;
  const values = form.getValues() as Record<string, unknown>;
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = issueField(issue.path);
    const path = pathMap[field] ?? field;
    const top = path.split('.')[0] ?? path;
    if (top in values && !errors[path]) errors[path] = issueText(t, error, issue);
  }
  if (Object.keys(errors).length === 0) return false;
  form.setErrors(errors);
  return true;
}

/**
 * A failed request's field issues grouped by top-level form field, each field's distinct texts joined by a
 * space. `text` words one issue, given its form field and the rest of its path (`ips.1` → 'ips', ['1']);
 * `fieldOf` renames API fields to form fields. Issues on fields the form does not have are left out.
 */
export function fieldIssueTexts(
  error: ApiError,
  values: Record<string, unknown>,
  text: (issue: FieldIssue, field: string, rest: string[]) => string,
  fieldOf: Record<string, string> = {},
): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const [apiTop = '', ...rest] = issueField(issue.path).split('.');
    const top = Object.hasOwn(fieldOf, apiTop) ? (fieldOf[apiTop] ?? apiTop) : apiTop;
    if (!(top in values)) continue;
    const message = text(issue, top, rest);
    const bucket = (out[top] ??= []);
    if (!bucket.includes(message)) bucket.push(message);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, v.join(' ')]));
}

/** Moves the keyboard focus to the first field (in form order) with an error; fields carry id `${prefix}-${name}`. */
export function focusFirstError(prefix: string, order: readonly string[], errors: Record<string, unknown>): void {
  const first = order.find((k) => errors[k]);
  if (!first) return;
  const el = document.getElementById(`${prefix}-${first}`);
  const target = el && el.matches('input, textarea, select, button') ? el : el?.querySelector<HTMLElement>('input, textarea, button');
  target?.focus();
}

/** Puts a failed save's field errors under the form's fields and, with `focus`, focuses the first. Nothing when empty. */
export function showFieldErrors<T>(form: UseFormReturnType<T>, errors: Record<string, string>, focus?: (errors: Record<string, string>) => void): void {
  if (Object.keys(errors).length === 0) return;
  form.setErrors(errors);
  focus?.(errors);
}

/** A form's current values as a plain record (for the field-issue mappers). */
export function formValues<T>(form: UseFormReturnType<T>): Record<string, unknown> {
  return form.getValues() as unknown as Record<string, unknown>;
}
