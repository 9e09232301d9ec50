import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkPassword, PASSWORD_LONG, PASSWORD_MAX, PASSWORD_MIN } from './password.ts';

// Character classes the rules distinguish. Japanese letters (kana, kanji) count as letters and
// full-width digits as digits: the rules use Unicode categories, not ASCII ranges.
const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZあいうえおかきくけこアイウエオカタナ病院安全守電子'];
const DIGITS = [...'0123456789０１２３４５６７８９'];
const SYMBOLS = [...'!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~！？。、・「」＃＠'];

const letter = fc.constantFrom(...LETTERS);
const digit = fc.constantFrom(...DIGITS);
const symbol = fc.constantFrom(...SYMBOLS);

/** A password of exactly `length` code points, built from the given classes, each present at least once. */
function mixOf(classes: fc.Arbitrary<string>[], minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc
    .integer({ min: Math.max(minLength, classes.length), max: maxLength })
    .chain((length) =>
      fc.tuple(fc.tuple(...classes), fc.array(fc.oneof(...classes), { minLength: length - classes.length, maxLength: length - classes.length })).chain(([required, rest]) =>
        fc.shuffledSubarray([...required, ...rest], { minLength: length, maxLength: length }),
      ),
    )
    .map((chars) => chars.join(''));
}

describe('checkPassword: the MHLW-style rules', () => {
  it('accepts 8+ characters that mix letters, digits and symbols', () => {
    expect(checkPassword('Hosp1tal!')).toEqual([]);
    expect(checkPassword('abc123!?')).toEqual([]);
    fc.assert(fc.property(mixOf([letter, digit, symbol], PASSWORD_MIN, 40), (pw) => checkPassword(pw).length === 0));
  });

  it('rejects 8–12 characters missing a class with needs_mix', () => {
    expect(checkPassword('abcdefgh')).toEqual(['needs_mix']);
    expect(checkPassword('abcd1234')).toEqual(['needs_mix']);
    expect(checkPassword('abcd!@#$')).toEqual(['needs_mix']);
    expect(checkPassword('1234!@#$')).toEqual(['needs_mix']);
    expect(checkPassword('abcdef1234!')).toEqual([]);
    // A space is not a symbol.
    expect(checkPassword('abcd 1234')).toEqual(['needs_mix']);
    const twoClasses = fc.oneof(mixOf([letter, digit], PASSWORD_MIN, PASSWORD_LONG - 1), mixOf([letter, symbol], PASSWORD_MIN, PASSWORD_LONG - 1), mixOf([digit, symbol], PASSWORD_MIN, PASSWORD_LONG - 1));
    const oneClass = fc.oneof(letter, digit, symbol).chain((c) => fc.integer({ min: PASSWORD_MIN, max: PASSWORD_LONG - 1 }).map((n) => c.repeat(n)));
    fc.assert(fc.property(fc.oneof(twoClasses, oneClass), (pw) => {
      expect(checkPassword(pw)).toEqual(['needs_mix']);
    }));
  });

  it('accepts anything of 13+ characters (up to the maximum)', () => {
    expect(checkPassword('aaaaaaaaaaaaa')).toEqual([]);
    expect(checkPassword('1234567890123')).toEqual([]);
    expect(checkPassword('あいうえおかきくけこさしす')).toEqual([]);
    fc.assert(fc.property(fc.string({ unit: 'binary', minLength: PASSWORD_LONG, maxLength: PASSWORD_MAX }), (pw) => {
      expect(checkPassword(pw)).toEqual([]);
    }));
  });

  it('rejects fewer than 8 characters and more than the maximum', () => {
    expect(checkPassword('')).toEqual(['too_short']);
    expect(checkPassword('Ab1!Ab1')).toEqual(['too_short']);
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: PASSWORD_MIN - 1 }), (pw) => {
      expect(checkPassword(pw)).toEqual(['too_short']);
    }));
    expect(checkPassword('a'.repeat(PASSWORD_MAX))).toEqual([]);
    expect(checkPassword('a'.repeat(PASSWORD_MAX + 1))).toEqual(['too_long']);
  });

  it('counts characters, not UTF-16 code units', () => {
    // Seven astral characters are 14 UTF-16 units but only 7 characters.
    expect(checkPassword('𠮷𠮷𠮷𠮷𠮷𠮷𠮷')).toEqual(['too_short']);
    expect(checkPassword('𠮷'.repeat(PASSWORD_LONG))).toEqual([]);
  });

  it('counts Japanese letters as letters (and full-width digits and symbols)', () => {
    expect(checkPassword('ひみつのあいことば1!')).toEqual([]);
    expect(checkPassword('病院セキュリティ１！')).toEqual([]);
    expect(checkPassword('ひみつのあいことば12')).toEqual(['needs_mix']);
    const japaneseLetter = fc.constantFrom(...'あいうえおかきくけこアイウエオカタナ病院安全守電子');
    fc.assert(fc.property(mixOf([japaneseLetter, digit, symbol], PASSWORD_MIN, PASSWORD_LONG - 1), (pw) => {
      expect(checkPassword(pw)).toEqual([]);
    }));
  });

  it('rejects a password containing the local part of the email, in any letter case', () => {
    expect(checkPassword('Yamada2026!x', 'yamada@h1.example.jp')).toEqual(['contains_email']);
    expect(checkPassword('xxYAMADAxx2026!', 'Yamada@h1.example.jp')).toEqual(['contains_email']);
    expect(checkPassword('Sato2026!xyz', 'yamada@h1.example.jp')).toEqual([]);
    // Local parts shorter than four characters are too common to reject on.
    expect(checkPassword('abc123!!', 'abc@h1.example.jp')).toEqual([]);
    const local = fc.string({ unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789'), minLength: 4, maxLength: 20 });
    fc.assert(
      fc.property(local, fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 }), fc.boolean(), (l, before, after, upper) => {
        const pw = `${before}${upper ? l.toUpperCase() : l}${after}`;
        expect(checkPassword(pw, `${l}@h1.example.jp`)).toContain('contains_email');
      }),
    );
  });

  it('reports every problem, never a problem for an acceptable password', () => {
    expect(checkPassword('yamada', 'yamada@h1.example.jp')).toEqual(['too_short', 'contains_email']);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (pw) => {
        const problems = checkPassword(pw);
        const length = [...pw].length;
        expect(problems.includes('too_short')).toBe(length < PASSWORD_MIN);
        expect(problems.includes('too_long')).toBe(length > PASSWORD_MAX);
        if (length >= PASSWORD_LONG && length <= PASSWORD_MAX) expect(problems).toEqual([]);
      }),
    );
  });
});
