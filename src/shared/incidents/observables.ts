import { isIpv4, isIpv6, normalizeIp } from '../ledger.ts';
import { OBSERVABLE_TYPES, type ObservableType } from './cases.ts';

/**
 * Observables of a case (IOC: addresses, domains, URLs, mail addresses, hashes, file names, accounts): checking and
 * normalising one value of a type, undoing the usual "defanging" of shared indicators (hxxp://, 1.2.3[.]4,
 * evil[.]example, user[@]example.jp), guessing the type of a bare value and reading a pasted list one per line.
 * Pure; shared by the server (validation) and the UI (preview).
 */

export const OBSERVABLE_LIMITS = {
  valueChars: 2000,
  noteChars: 1000,
  bulkLines: 2000,
  bulkChars: 500_000,
} as const;

/** Types whose values are network indicators and may arrive defanged. */
const FANGED: readonly ObservableType[] = ['ipv4', 'ipv6', 'domain', 'url', 'email'];

/** Undoes defanging: hxxp(s):// / h**p, [.] (.) {.} [dot] \\., [:] [://], [@] [at]. */
export function refang(raw: string): string {
  return raw
    .trim()
    .replace(/\[:\/\/\]/g, '://')
    .replace(/\[:\]/g, ':')
    .replace(/^h(?:xx|\*\*|tt)p(s?):/i, (_m, s: string) => `http${s.toLowerCase()}:`)
    .replace(/^fxp:/i, 'ftp:')
    .replace(/\s?(?:\[(?:\.|dot)\]|\((?:\.|dot)\)|\{(?:\.|dot)\})\s?/gi, '.')
    .replace(/\\\./g, '.')
    .replace(/\s?(?:\[(?:@|at)\]|\((?:@|at)\)|\{(?:@|at)\})\s?/gi, '@');
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/** A host name as stored: lower case, no trailing dot, international names in punycode; null when it is not one. */
export function normalizeDomain(raw: string): string | null {
  let d = raw.trim().toLowerCase().replace(/\.$/, '');
  if (!d || d.length > 253) return null;
  if (/[^\x20-\x7e]/.test(d)) {
    try {
      d = new URL(`http://${d}`).hostname;
    } catch {
      return null;
    }
  }
  const labels = d.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return null;
  // The top-level label has a letter (1.2.3.4 is an address, not a name).
  if (!/[a-z]/.test(labels[labels.length - 1]!)) return null;
  return d;
}

const HEX_LENGTH = { md5: 32, sha1: 40, sha256: 64 } as const;
const URL_SCHEMES = ['http:', 'https:', 'ftp:', 'ftps:', 'sftp:', 'ws:', 'wss:'];

export type ObservableCheck = { ok: true; value: string } | { ok: false; message: string };

/**
 * Checks a value of a type and returns it normalised: addresses in canonical form (IPv6 per RFC 5952), host names
 * and mail addresses and hashes in lower case, URLs with scheme and host lower-cased (the path as given). Network
 * indicators are refanged first. Messages are stable keys: `invalid_<type>`, `required`, `too_long`.
 */
export function normalizeObservable(type: ObservableType, raw: string): ObservableCheck {
  const text = FANGED.includes(type) ? refang(raw) : raw.trim();
  if (!text) return { ok: false, message: 'required' };
  if (text.length > OBSERVABLE_LIMITS.valueChars) return { ok: false, message: 'too_long' };
  const bad = { ok: false, message: `invalid_${type}` } as const;
  switch (type) {
    case 'ipv4':
      return isIpv4(text) ? { ok: true, value: normalizeIp(text) } : bad;
    case 'ipv6': {
      const v = text.replace(/^\[(.*)\]$/, '$1');
      return isIpv6(v) ? { ok: true, value: normalizeIp(v).toLowerCase() } : bad;
    }
    case 'domain': {
      const d = normalizeDomain(text);
      return d ? { ok: true, value: d } : bad;
    }
    case 'url': {
      if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /\s/.test(text)) return bad;
      try {
        const u = new URL(text);
        if (!URL_SCHEMES.includes(u.protocol) || !u.hostname) return bad;
        return { ok: true, value: u.href };
      } catch {
        return bad;
      }
    }
    case 'email': {
      const at = text.lastIndexOf('@');
      if (at <= 0) return bad;
      const local = text.slice(0, at).toLowerCase();
      const domain = normalizeDomain(text.slice(at + 1));
      if (!domain || local.length > 64 || !/^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+$/.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) return bad;
      return { ok: true, value: `${local}@${domain}` };
    }
    case 'md5':
    case 'sha1':
    case 'sha256': {
      const v = text.toLowerCase();
      return v.length === HEX_LENGTH[type] && /^[0-9a-f]+$/.test(v) ? { ok: true, value: v } : bad;
    }
    case 'file_name':
    case 'account':
    case 'other':
      return { ok: true, value: text };
  }
}

/**
 * Extensions that are much more likely a file than a top-level domain in an incident (invoice.exe, 請求書.zip): such
 * a bare value is guessed as a file name.
 */
const FILE_EXTENSIONS = new Set([
  'exe', 'dll', 'sys', 'scr', 'com', 'bat', 'cmd', 'ps1', 'psm1', 'vbs', 'vbe', 'js', 'jse', 'wsf', 'hta', 'jar', 'msi', 'lnk', 'iso', 'img', 'vhd', 'vhdx',
  'zip', 'rar', '7z', 'gz', 'tar', 'cab', 'doc', 'docx', 'docm', 'xls', 'xlsx', 'xlsm', 'ppt', 'pptx', 'pptm', 'pdf', 'rtf', 'one', 'txt', 'log', 'tmp', 'dat', 'bin', 'elf', 'so', 'sh', 'py',
]);

/**
 * The type of a bare value, or null when none fits: IPv4, IPv6, a hash by its length, a URL (scheme://), a mail
 * address, a file name with a typical extension, a domain.
 */
export function guessObservableType(raw: string): ObservableType | null {
  const v = refang(raw);
  if (!v) return null;
  if (isIpv4(v)) return 'ipv4';
  if (isIpv6(v.replace(/^\[(.*)\]$/, '$1'))) return 'ipv6';
  if (/^[0-9a-f]+$/i.test(v)) {
    for (const t of ['md5', 'sha1', 'sha256'] as const) if (v.length === HEX_LENGTH[t]) return t;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) return 'url';
  if (v.includes('@')) return normalizeObservable('email', v).ok ? 'email' : null;
  const ext = /\.([a-z0-9]{1,5})$/i.exec(v)?.[1]?.toLowerCase();
  if (ext && FILE_EXTENSIONS.has(ext) && !/[/\\]/.test(v)) return 'file_name';
  if (normalizeDomain(v)) return 'domain';
  return null;
}

export interface ParsedObservableLine {
  /** 1-based line number in the pasted text. */
  line: number;
  type: ObservableType;
  value: string;
  note: string | null;
}

export interface SkippedObservableLine {
  line: number;
  text: string;
  /** `unknown_type`, `invalid_<type>`, `too_long`, `duplicate_in_input` (and on the server `already_recorded`). */
  reason: string;
}

/**
 * Reads a pasted list, one observable per line. Blank lines and lines starting with `#` are ignored. A line is
 * either `<type>: <value>[<TAB><note>]` with a type of OBSERVABLE_TYPES (the value may then contain spaces), or a
 * bare value whose type is guessed, optionally followed by whitespace and a note (`1.2.3[.]4  C2 server`).
 * A value seen on an earlier line is skipped as `duplicate_in_input`.
 */
export function parseObservableLines(text: string): { items: ParsedObservableLine[]; skipped: SkippedObservableLine[] } {
  const items: ParsedObservableLine[] = [];
  const skipped: SkippedObservableLine[] = [];
  const seen = new Set<string>();
  const lines = text.split(/\r\n|\r|\n/);
  for (const [i, rawLine] of lines.entries()) {
    const line = i + 1;
    const content = rawLine.trim();
    if (!content || content.startsWith('#')) continue;
    const shown = content.slice(0, 200);
    let type: ObservableType | null;
    let value: string;
    let note: string | null;
    const prefixed = /^([a-z0-9_]+)\s*:\s*(.+)$/i.exec(content);
    const prefixType = prefixed?.[1]?.toLowerCase();
    if (prefixed && (OBSERVABLE_TYPES as readonly string[]).includes(prefixType!) && !/^\/\//.test(prefixed[2]!)) {
      type = prefixType as ObservableType;
      const [v, ...rest] = prefixed[2]!.split('\t');
      value = v!;
      note = rest.join(' ').trim() || null;
    } else {
      const m = /^(\S+)(?:\s+(.*))?$/.exec(content)!;
      value = m[1]!;
      note = m[2]?.trim() || null;
      type = guessObservableType(value);
    }
    if (type === null) {
      skipped.push({ line, text: shown, reason: 'unknown_type' });
      continue;
    }
    const checked = normalizeObservable(type, value);
    if (!checked.ok) {
      skipped.push({ line, text: shown, reason: checked.message });
      continue;
    }
    const key = `${type}\u0000${checked.value}`;
    if (seen.has(key)) {
      skipped.push({ line, text: shown, reason: 'duplicate_in_input' });
      continue;
    }
    seen.add(key);
    items.push({ line, type, value: checked.value, note: note ? note.slice(0, OBSERVABLE_LIMITS.noteChars) : null });
  }
  return { items, skipped };
}
