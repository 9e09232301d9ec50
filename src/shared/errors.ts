/**
 * The closed set of error codes used across server, CLI and web.
 * The server maps each code to an HTTP status in one table (src/server/http/errors.ts);
 * the UI and the CLI translate `errors.<CODE>` with the messages below.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'MFA_REQUIRED',
  'MFA_ENROLLMENT_REQUIRED',
  'PASSWORD_CHANGE_REQUIRED',
  'INVALID_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'INVALID_MFA_CODE',
  'RATE_LIMITED',
  'CSRF_FAILED',
  'FORBIDDEN',
  'TOKEN_SCOPE',
  'NOT_FOUND',
  'CONFLICT',
  'IN_USE',
  'INVALID_STATE',
  'ALREADY_SET_UP',
  'NOT_SET_UP',
  'WEAK_PASSWORD',
  'PASSWORD_REUSED',
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'LAST_ADMIN',
  'MFA_MANDATORY',
  'LINK_EXPIRED',
  'UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export type Locale = 'ja' | 'en';

/** One-line messages for each code, in Japanese (default) and English. */
export const ERROR_MESSAGES: Record<ErrorCode, Record<Locale, string>> = {
  VALIDATION_FAILED: { ja: '入力内容に誤りがあります。', en: 'Some input is invalid.' },
  BAD_REQUEST: { ja: 'リクエストの形式が正しくありません。', en: 'The request is malformed.' },
  UNAUTHENTICATED: { ja: 'ログインしてください。', en: 'Please sign in.' },
  MFA_REQUIRED: { ja: '確認コード(二要素認証)の入力が必要です。', en: 'Enter your verification code (two-factor authentication).' },
  MFA_ENROLLMENT_REQUIRED: {
    ja: 'この役割では二要素認証の設定が必須です。設定を完了してください。',
    en: 'Two-factor authentication is required for your role. Please finish setting it up.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    ja: 'パスワードの変更が必要です。新しいパスワードを設定してください。',
    en: 'You must change your password before continuing.',
  },
  INVALID_CREDENTIALS: {
    ja: 'メールアドレスまたはパスワードが正しくありません。',
    en: 'The email address or password is incorrect.',
  },
  ACCOUNT_LOCKED: {
    ja: 'ログインに続けて失敗したため、このアカウントは一時的にロックされています。しばらく待ってから再度お試しいただくか、管理者に解除を依頼してください。',
    en: 'This account is temporarily locked after repeated failed sign-ins. Wait and try again, or ask an administrator to unlock it.',
  },
  ACCOUNT_DISABLED: { ja: 'このアカウントは無効化されています。管理者に連絡してください。', en: 'This account is disabled. Contact your administrator.' },
  INVALID_MFA_CODE: { ja: '確認コードが正しくないか、有効期限が切れています。', en: 'The verification code is incorrect or has expired.' },
  RATE_LIMITED: { ja: '短時間に操作が集中しています。しばらく待ってから再度お試しください。', en: 'Too many requests. Please wait and try again.' },
  CSRF_FAILED: {
    ja: '画面の有効期限が切れました。ページを再読み込みしてからやり直してください。',
    en: 'Your page has expired. Reload the page and try again.',
  },
  FORBIDDEN: { ja: 'この操作を行う権限がありません。', en: 'You do not have permission to do this.' },
  TOKEN_SCOPE: { ja: 'このAPIトークンには、この操作の権限(スコープ)がありません。', en: 'This API token does not have the scope for this operation.' },
  NOT_FOUND: { ja: '対象が見つかりません。', en: 'Not found.' },
  CONFLICT: { ja: '同じものがすでに登録されています。', en: 'It already exists.' },
  IN_USE: { ja: 'ほかの登録から使われているため、削除できません。', en: 'It cannot be deleted because other records still use it.' },
  ALREADY_SET_UP: { ja: '初期設定はすでに完了しています。', en: 'mamori has already been set up.' },
  NOT_SET_UP: { ja: '初期設定がまだ完了していません。', en: 'mamori has not been set up yet.' },
  WEAK_PASSWORD: {
    ja: 'パスワードは、英字・数字・記号をすべて含む8文字以上、または13文字以上にしてください。',
    en: 'Use at least 8 characters mixing letters, digits and symbols, or at least 13 characters.',
  },
  PASSWORD_REUSED: { ja: '最近使ったパスワードは再利用できません。', en: 'You cannot reuse a recent password.' },
  PAYLOAD_TOO_LARGE: { ja: '送信されたデータが大きすぎます。', en: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { ja: 'このデータ形式には対応していません。', en: 'This content type is not supported.' },
  LAST_ADMIN: { ja: '最後のシステム管理者は削除・無効化できません。', en: 'The last administrator cannot be removed or disabled.' },
  MFA_MANDATORY: {
    ja: 'この役割では二要素認証を無効にできません。',
    en: 'Two-factor authentication cannot be turned off for your role.',
  },
  LINK_EXPIRED: {
    ja: 'このリンクは有効期限が切れたか、取り消されています。送付元の医療機関に新しいリンクを依頼してください。',
    en: 'This link has expired or was revoked. Ask the hospital that sent it for a new link.',
  },
  INVALID_STATE: {
    ja: 'この状態ではその操作はできません。画面を更新して現在の状態を確認してください。',
    en: 'That cannot be done in the current state. Refresh the page to see the current state.',
  },
  UNAVAILABLE: {
    ja: 'この機能に必要なシステム部品がサーバーにないため、実行できません。管理者は mamori doctor で確認してください。',
    en: 'A system component this feature needs is missing on the server. Administrators can check with mamori doctor.',
  },
  INTERNAL: { ja: 'サーバーで問題が発生しました。時間をおいて再度お試しください。', en: 'Something went wrong on the server. Please try again later.' },
};

/** A field-level problem, e.g. `{ path: 'email', message: '…' }`, or a row/field in an import. */
export interface FieldIssue {
  path: string;
  message: string;
  row?: number;
  /** The offending value (imports), for the rendered sentence. */
  value?: string;
  /** A second row the issue refers to (an import's duplicate key). */
  ref?: number;
}

/** The one error type thrown by services. It never carries an HTTP status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: FieldIssue[] | undefined;
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, options?: { issues?: FieldIssue[]; detail?: Record<string, unknown> }) {
    super(message ?? ERROR_MESSAGES[code].en);
    this.name = 'AppError';
    this.code = code;
    this.issues = options?.issues;
    this.detail = options?.detail;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

/** The message for a code in a locale. */
export function errorMessage(code: ErrorCode, locale: Locale): string {
  return ERROR_MESSAGES[code][locale];
}
