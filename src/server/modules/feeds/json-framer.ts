import { FeedFormatError } from './records.ts';

/**
 * Streaming JSON *framing* (not parsing) for feed files of hundreds of megabytes.
 *
 * NVD and KEV files are one object whose bulk is one array (`vulnerabilities`, `CVE_Items`). The framer reads the
 * bytes chunk by chunk and cuts out the source text of each element of that array; the caller `JSON.parse`s each
 * element on its own, so memory holds one chunk plus one element, never the file. The other top-level fields (the
 * envelope: `totalResults`, `catalogVersion` …) are cut out the same way and parsed at once.
 *
 * To find where an element ends the framer only tracks what can hide a bracket: string literals (with backslash
 * escapes) and the nesting depth of `{}`/`[]`. It does not check that the text between is valid JSON — `JSON.parse`
 * of the element does that, and reports the record. What the framer does check: the file is one object, the
 * envelope is well formed, and the text does not end inside an element (a truncated download).
 *
 * It works on UTF-8 bytes (the bytes of a multi-byte character never look like the ASCII it looks for), so the file
 * is never decoded as a whole: only each element's bytes are, when it is cut out. Chunks may also be strings (tests).
 *
 * In `root` mode the whole top-level value is one element (a file holding a single record), capped in size.
 */

const enum State {
  TopStart,
  KeyOrEnd,
  Colon,
  ValueStart,
  ArrayElemOrEnd,
  Capture,
  Done,
}

const MAX_ELEMENT_BYTES = 64 * 1024 * 1024;

const WS = new Uint8Array(128);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

export interface FramedElement {
  /** The array the element came from (`vulnerabilities`, `CVE_Items`), or `''` in root mode. */
  key: string;
  /** 1-based position in that array. */
  index: number;
  text: string;
}

const EMPTY = new Uint8Array(0);
/** Bytes that matter inside a string (its end, an escape) and outside one (a string's start, brackets). */
const IN_STRING = new Uint8Array(256);
IN_STRING[0x22] = 1;
IN_STRING[0x5c] = 1;
const STRUCTURAL = new Uint8Array(256);
for (const c of [0x22, 0x7b, 0x7d, 0x5b, 0x5d]) STRUCTURAL[c] = 1;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function utf8(buf: Uint8Array, from: number, to: number): string {
  return Buffer.from(buf.buffer, buf.byteOffset + from, to - from).toString('utf8');
}

export class JsonArrayFramer {
  /** Top-level fields other than the streamed arrays, parsed. */
  readonly envelope: Record<string, unknown> = {};
  /** Elements seen per streamed array key. */
  readonly counts: Record<string, number> = {};

  private buf: Uint8Array = EMPTY;
  private pos = 0;
  private state = State.TopStart;
  private key = '';
  /** Capturing an element of `key` (true) or an envelope value (false). */
  private captureElement = false;
  private captureStart = 0;
  private depth = 0;
  private inString = false;
  private scalar = false;

  /**
   * @param fileName for error messages.
   * @param arrayKeys top-level keys whose array elements are streamed; `null` = root mode (the whole value is one element).
   */
  constructor(
    private readonly fileName: string,
    private readonly arrayKeys: readonly string[] | null,
  ) {}

  /** Feeds a chunk of UTF-8 bytes (or text); returns the elements completed by it, in order. */
  push(chunk: Uint8Array | string, out: FramedElement[] = []): FramedElement[] {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    // Keep only the unfinished part: the element being captured, or the unread tail (a field name cut in two).
    const keep = Math.min(this.state === State.Capture ? this.captureStart : this.pos, this.buf.length);
    if (keep >= this.buf.length) {
      this.buf = bytes;
    } else {
      const rest = this.buf.length - keep;
      const joined = new Uint8Array(rest + bytes.length);
      joined.set(this.buf.subarray(keep), 0);
      joined.set(bytes, rest);
      this.buf = joined;
    }
    this.pos -= keep;
    this.captureStart -= keep;
    this.run(out);
    return out;
  }

  /** Call at the end of the text: throws when the file ended early. */
  end(): void {
    // Flush a bare scalar ending the text (root mode), then insist on a complete document.
    if (this.state === State.Done) {
      for (let i = this.pos; i < this.buf.length; i++) {
        const c = this.buf[i]!;
        if (!(c < 128 && WS[c])) this.fail(`unexpected data after the end of the JSON document`);
      }
      return;
    }
    if (this.state === State.Capture && this.captureElement) {
      const n = (this.counts[this.key] ?? 0) + 1;
      throw new FeedFormatError(this.fileName, `the file ends inside record ${n} (truncated download?)`, { record: n });
    }
    if (this.state === State.TopStart) this.fail('the file is empty');
    this.fail('the file ends before the JSON document is complete (truncated download?)');
  }

  private fail(detail: string): never {
    throw new FeedFormatError(this.fileName, detail);
  }

  private found(i: number): string {
    return JSON.stringify(utf8(this.buf, i, Math.min(this.buf.length, i + 20)));
  }

  private run(out: FramedElement[]): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    for (;;) {
      switch (this.state) {
        case State.TopStart: {
          i = skipWs(buf, i);
          if (i >= n) return this.stop(i);
          if (buf[i] === 0xef) {
            // A UTF-8 byte order mark.
            if (n - i < 3) return this.stop(i);
            if (buf[i + 1] === 0xbb && buf[i + 2] === 0xbf) {
              i += 3;
              continue;
            }
          }
          if (this.arrayKeys === null) {
            this.beginCapture(i, true, '');
            continue;
          }
          if (buf[i] !== 0x7b) this.fail(`expected a JSON object, found ${this.found(i)}`);
          i++;
          this.state = State.KeyOrEnd;
          continue;
        }
        case State.KeyOrEnd: {
          while (i < n && (isWs(buf[i]!) || buf[i] === 0x2c)) i++;
          if (i >= n) return this.stop(i);
          if (buf[i] === 0x7d) {
            i++;
            this.state = State.Done;
            continue;
          }
          if (buf[i] !== QUOTE) this.fail(`expected a field name, found ${this.found(i)}`);
          const close = endOfString(buf, i + 1);
          if (close < 0) return this.stop(i);
          this.key = JSON.parse(utf8(buf, i, close + 1)) as string;
          i = close + 1;
          this.state = State.Colon;
          continue;
        }
        case State.Colon: {
          i = skipWs(buf, i);
          if (i >= n) return this.stop(i);
          if (buf[i] !== 0x3a) this.fail(`expected ':' after "${this.key}"`);
          i++;
          this.state = State.ValueStart;
          continue;
        }
        case State.ValueStart: {
          i = skipWs(buf, i);
          if (i >= n) return this.stop(i);
          if (this.arrayKeys!.includes(this.key)) {
            if (buf[i] !== 0x5b) this.fail(`"${this.key}" is not an array`);
            this.counts[this.key] ??= 0;
            i++;
            this.state = State.ArrayElemOrEnd;
          } else {
            this.beginCapture(i, false, this.key);
          }
          continue;
        }
        case State.ArrayElemOrEnd: {
          while (i < n && (isWs(buf[i]!) || buf[i] === 0x2c)) i++;
          if (i >= n) return this.stop(i);
          if (buf[i] === 0x5d) {
            i++;
            this.state = State.KeyOrEnd;
            continue;
          }
          this.beginCapture(i, true, this.key);
          continue;
        }
        case State.Capture: {
          const end = this.scan(buf, this.pos);
          if (end < 0) {
            if (n - this.captureStart > MAX_ELEMENT_BYTES) this.fail(`a single record is larger than ${MAX_ELEMENT_BYTES / 1024 / 1024} MB`);
            return;
          }
          const text = utf8(buf, this.captureStart, end);
          i = end;
          if (this.captureElement) {
            const index = (this.counts[this.key] = (this.counts[this.key] ?? 0) + 1);
            out.push({ key: this.key, index, text });
            this.state = this.arrayKeys === null ? State.Done : State.ArrayElemOrEnd;
          } else {
            try {
              this.envelope[this.key] = JSON.parse(text);
            } catch {
              this.fail(`the value of "${this.key}" is not valid JSON`);
            }
            this.state = State.KeyOrEnd;
          }
          continue;
        }
        case State.Done: {
          i = skipWs(buf, i);
          if (i < n) this.fail('unexpected data after the end of the JSON document');
          return this.stop(i);
        }
      }
    }
  }

  private stop(i: number): void {
    this.pos = i;
  }

  private beginCapture(i: number, element: boolean, key: string): void {
    this.state = State.Capture;
    this.captureElement = element;
    this.key = key;
    this.captureStart = i;
    this.pos = i;
    this.depth = 0;
    this.inString = false;
    const c = this.buf[i];
    this.scalar = c !== 0x7b && c !== 0x5b && c !== QUOTE;
  }

  /**
   * Continues scanning the captured value from `this.pos`; returns the index just past its end, or -1 when the
   * buffer ends first (state kept for the next chunk; after a backslash ending the chunk, `pos` is one past its end,
   * so the escaped byte at the start of the next chunk is skipped).
   */
  private scan(buf: Uint8Array, from: number): number {
    const n = buf.length;
    let i = from;
    let depth = this.depth;
    let inString = this.inString;
    if (this.scalar) {
      for (; i < n; i++) {
        const c = buf[i]!;
        if (c === 0x2c || c === 0x7d || c === 0x5d || (c < 128 && WS[c] === 1)) return i;
      }
      this.pos = i;
      return -1;
    }
    while (i < n) {
      if (inString) {
        // Skip the bytes that cannot end the string (a table look-up each: most of the file is string content).
        while (i < n && IN_STRING[buf[i]!] === 0) i++;
        if (i >= n) break;
        if (buf[i++] === BACKSLASH) {
          i++;
          continue;
        }
        inString = false;
        if (depth === 0) {
          this.depth = 0;
          this.inString = false;
          return i;
        }
        continue;
      }
      while (i < n && STRUCTURAL[buf[i]!] === 0) i++;
      if (i >= n) break;
      const c = buf[i++]!;
      if (c === QUOTE) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else {
        depth--;
        if (depth === 0) {
          this.depth = 0;
          this.inString = false;
          return i;
        }
        if (depth < 0) this.fail('unbalanced brackets');
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.pos = i;
    return -1;
  }
}

function isWs(c: number): boolean {
  return c < 128 && WS[c] === 1;
}

function skipWs(buf: Uint8Array, i: number): number {
  const n = buf.length;
  while (i < n) {
    const c = buf[i]!;
    if (c < 128 && WS[c] === 1) i++;
    else break;
  }
  return i;
}

/** Index of the quote closing a string whose content starts at `i`, or -1 when not in the buffer. */
function endOfString(buf: Uint8Array, i: number): number {
  const n = buf.length;
  while (i < n) {
    const c = buf[i]!;
    if (c === BACKSLASH) i += 2;
    else if (c === QUOTE) return i;
    else i++;
  }
  return -1;
}
