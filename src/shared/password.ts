/**
 * Password rules after the MHLW checklist (2⑦): at least 8 characters mixing letters, digits and
 * symbols, or at least 13 characters. Also: not the email address, at most 256 characters.
 */
export const PASSWORD_MIN = 8;
export const PASSWORD_LONG = 13;
export const PASSWORD_MAX = 256;
/** How many earlier passwords may not be reused. */
export const PASSWORD_HISTORY = 5;

export type PasswordProblem = 'too_short' | 'needs_mix' | 'too_long' | 'contains_email';

/** Returns the problems with a candidate password; an empty list means it is acceptable. */
export function checkPassword(password: string, email?: string): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  const length = [...password].length;
  if (length > PASSWORD_MAX) problems.push('too_long');
  if (length < PASSWORD_MIN) problems.push('too_short');
  else if (length < PASSWORD_LONG) {
    const hasLetter = /\p{L}/u.test(password);
    const hasDigit = /\p{Nd}/u.test(password);
    const hasSymbol = /[^\p{L}\p{Nd}\s]/u.test(password);
    if (!(hasLetter && hasDigit && hasSymbol)) problems.push('needs_mix');
  }
  if (email) {
    const local = email.split('@')[0]?.toLowerCase() ?? '';
    if (local.length >= 4 && password.toLowerCase().includes(local)) problems.push('contains_email');
  }
  return problems;
}
