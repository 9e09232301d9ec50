/**
 * A one-time notice for the next screen (e.g. "signed out"), kept outside the router because the
 * redirect of the protected area replaces the navigation state on logout.
 */
export type FlashNotice = 'setupDone' | 'loggedOut';

let pending: FlashNotice | null = null;

export function setFlash(notice: FlashNotice): void {
  pending = notice;
}

export function peekFlash(): FlashNotice | null {
  return pending;
}

export function clearFlash(): void {
  pending = null;
}
