import { describe, expect, it } from 'vitest';
import { guessObservableType, normalizeObservable, parseObservableLines, refang } from './observables.ts';

const ok = (value: string) => ({ ok: true, value });

describe('observables', () => {
  it('refangs shared indicators', () => {
    expect(refang('hxxp://evil[.]example/a')).toBe('http://evil.example/a');
    expect(refang('hXXps[://]evil(.)example')).toBe('https://evil.example');
    expect(refang('1.2.3[.]4')).toBe('1.2.3.4');
    expect(refang('10[.]0[.]0[.]1')).toBe('10.0.0.1');
    expect(refang('evil[dot]example')).toBe('evil.example');
    expect(refang('user[@]example[.]jp')).toBe('user@example.jp');
    expect(refang('user[at]example\\.jp')).toBe('user@example.jp');
  });

  it('checks and normalises each type', () => {
    expect(normalizeObservable('ipv4', ' 1.2.3[.]4 ')).toEqual(ok('1.2.3.4'));
    expect(normalizeObservable('ipv4', '1.2.3.256')).toEqual({ ok: false, message: 'invalid_ipv4' });
    expect(normalizeObservable('ipv4', '01.2.3.4')).toEqual({ ok: false, message: 'invalid_ipv4' });
    expect(normalizeObservable('ipv6', '2001:DB8:0:0::1')).toEqual(ok('2001:db8::1'));
    expect(normalizeObservable('ipv6', '[2001:db8::1]')).toEqual(ok('2001:db8::1'));
    expect(normalizeObservable('ipv6', '1.2.3.4')).toEqual({ ok: false, message: 'invalid_ipv6' });
    expect(normalizeObservable('domain', 'Evil[.]Example.COM.')).toEqual(ok('evil.example.com'));
    expect(normalizeObservable('domain', '例え.jp')).toEqual(ok('xn--r8jz45g.jp'));
    expect(normalizeObservable('domain', 'localhost')).toEqual({ ok: false, message: 'invalid_domain' });
    expect(normalizeObservable('domain', '1.2.3.4')).toEqual({ ok: false, message: 'invalid_domain' });
    expect(normalizeObservable('domain', '-bad.example')).toEqual({ ok: false, message: 'invalid_domain' });
    expect(normalizeObservable('url', 'hxxps://Evil[.]Example/Path?Q=1')).toEqual(ok('https://evil.example/Path?Q=1'));
    expect(normalizeObservable('url', 'javascript://alert(1)')).toEqual({ ok: false, message: 'invalid_url' });
    expect(normalizeObservable('url', 'evil.example/path')).toEqual({ ok: false, message: 'invalid_url' });
    expect(normalizeObservable('email', 'Phish[@]Evil[.]Example')).toEqual(ok('phish@evil.example'));
    expect(normalizeObservable('email', 'no-at-sign')).toEqual({ ok: false, message: 'invalid_email' });
    expect(normalizeObservable('sha256', 'A'.repeat(64))).toEqual(ok('a'.repeat(64)));
    expect(normalizeObservable('sha256', 'a'.repeat(63))).toEqual({ ok: false, message: 'invalid_sha256' });
    expect(normalizeObservable('sha1', 'F'.repeat(40))).toEqual(ok('f'.repeat(40)));
    expect(normalizeObservable('md5', 'g'.repeat(32))).toEqual({ ok: false, message: 'invalid_md5' });
    expect(normalizeObservable('file_name', ' 請求書[.]exe ')).toEqual(ok('請求書[.]exe'));
    expect(normalizeObservable('account', 'Administrator')).toEqual(ok('Administrator'));
    expect(normalizeObservable('other', '   ')).toEqual({ ok: false, message: 'required' });
    expect(normalizeObservable('other', 'x'.repeat(2001))).toEqual({ ok: false, message: 'too_long' });
  });

  it('guesses the type of a bare value', () => {
    expect(guessObservableType('1.2.3[.]4')).toBe('ipv4');
    expect(guessObservableType('fe80::1')).toBe('ipv6');
    expect(guessObservableType('d41d8cd98f00b204e9800998ecf8427e')).toBe('md5');
    expect(guessObservableType('da39a3ee5e6b4b0d3255bfef95601890afd80709')).toBe('sha1');
    expect(guessObservableType('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')).toBe('sha256');
    expect(guessObservableType('hxxp://evil.example')).toBe('url');
    expect(guessObservableType('a@evil.example')).toBe('email');
    expect(guessObservableType('invoice.exe')).toBe('file_name');
    expect(guessObservableType('evil.example')).toBe('domain');
    expect(guessObservableType('just-words')).toBeNull();
  });

  it('reads a pasted list with line numbers, notes, type prefixes, comments and duplicates', () => {
    const text = ['# from the vendor', '1.2.3[.]4  C2 server', '', 'nonsense', 'domain: evil[.]example', 'account: 田中 太郎\tshared admin', '1.2.3.4', 'sha256: abc'].join('\n');
    expect(parseObservableLines(text)).toEqual({
      items: [
        { line: 2, type: 'ipv4', value: '1.2.3.4', note: 'C2 server' },
        { line: 5, type: 'domain', value: 'evil.example', note: null },
        { line: 6, type: 'account', value: '田中 太郎', note: 'shared admin' },
      ],
      skipped: [
        { line: 4, text: 'nonsense', reason: 'unknown_type' },
        { line: 7, text: '1.2.3.4', reason: 'duplicate_in_input' },
        { line: 8, text: 'sha256: abc', reason: 'invalid_sha256' },
      ],
    });
  });
});
