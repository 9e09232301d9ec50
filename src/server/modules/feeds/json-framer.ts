import { FeedFormatError } from './records.ts';

/**
 * Streaming JSON *framing* (not parsing) for feed files of hundreds of megabytes.
 *
 * NVD and KEV files are one object whose bulk is one array (`vulnerabilities`, `CVE_Items`). The framer reads the
 * text chunk by chunk and cuts out the source text of each element of that array; the caller `JSON.parse`s each
 * element on its own, so memory holds one chunk plus one element, never the file. The other top-level fields (the
 * envelope: `totalResults`, `catalogVersion` …) are cut out the same way and parsed at once.
 *
 * To find where an element ends the framer only tracks what can hide a bracket: string literals (with backslash
 * escapes) and the nesting depth of `{}`/`[]`. It does not check that the text between is valid JSON — `JSON.parse`
 * of the element does that, and reports the record. What the framer does check: the file is one object, the
 * envelope is well formed, and the text does not end inside an element (a truncated download).
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

const MAX_ELEMENT_CHARS = 64 * 1024 * 1024;

const WS = new Uint8Array(128);
for (const c of [0x20, 0x09, 0x0a, 0x0d]) WS[c] = 1;

export interface FramedElement {
  /** The array the element came from (`vulnerabilities`, `CVE_Items`), or `''` in root mode. */
  key: string;
  /** 1-based position in that array. */
  index: number;
  text: string;
}

export class JsonArrayFramer {
  /** Top-level fields other than the streamed arrays, parsed. */
  readonly envelope: Record<string, unknown> = {};
  /** Elements seen per streamed array key. */
  readonly counts: Record<string, number> = {};

  private buf = '';
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

  /** Feeds a chunk of text; returns the elements completed by it, in order. */
  push(chunk: string, out: FramedElement[] = []): FramedElement[] {
    // Keep only the unfinished part: the element being captured, or the unread tail (a field name cut in two).
    const keep = this.state === State.Capture ? this.captureStart : this.pos;
    this.buf = keep >= this.buf.length ? chunk : this.buf.slice(keep) + chunk;
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
        const c = this.buf.charCodeAt(i);
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

  private run(out: FramedElement[]): void {
    const buf = this.buf;
    const n = buf.length;
    let i = this.pos;
    for (;;) {
      switch (this.state) {
        case State.TopStart: {
          i = skipWs(buf, i);
          if (i >= n) return this.stop(i);
          if (buf.charCodeAt(i) === 0xfeff) {
            i++;
            continue;
          }
          if (this.arrayKeys === null) {
            this.beginCapture(i, true, '');
            continue;
          }
          if (buf[i] !== '{') this.fail(`expected a JSON object, found ${JSON.stringify(buf.slice(i, i + 20))}`);
          i++;
          this.state = State.KeyOrEnd;
          continue;
        }
        case State.KeyOrEnd: {
          while (i < n && (isWs(buf.charCodeAt(i)) || buf[i] === ',')) i++;
          if (i >= n) return this.stop(i);
          if (buf[i] === '}') {
            i++;
            this.state = State.Done;
            continue;
          }
          if (buf[i] !== '"') this.fail(`expected a field name, found ${JSON.stringify(buf.slice(i, i + 20))}`);
          const close = endOfString(buf, i + 1);
          if (close < 0) return this.stop(i);
          this.key = JSON.parse(buf.slice(i, close + 1)) as string;
          i = close + 1;
          this.state = State.Colon;
          continue;
        }
        case State.Colon: {
          i = skipWs(buf, i);
          if (i >= n) return this.stop(i);
          if (buf[i] !== ':') this.fail(`expected ':' after "${this.key}"`);
          i++;
          this.state = State.ValueStart;
          continue;
        }
        case State.ValueStart: {
          i = skipWs(buf, i);
          if (i >= n) return this.stop(i);
          if (this.arrayKeys!.includes(this.key)) {
            if (buf[i] !== '[') this.fail(`"${this.key}" is not an array`);
            this.counts[this.key] ??= 0;
            i++;
            this.state = State.ArrayElemOrEnd;
          } else {
            this.beginCapture(i, false, this.key);
          }
          continue;
        }
        case State.ArrayElemOrEnd: {
          while (i < n && (isWs(buf.charCodeAt(i)) || buf[i] === ',')) i++;
          if (i >= n) return this.stop(i);
          if (buf[i] === ']') {
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
            if (n - this.captureStart > MAX_ELEMENT_CHARS) this.fail(`a single record is larger than ${MAX_ELEMENT_CHARS / 1024 / 1024} MB`);
            this.pos = n;
            return;
          }
          const text = buf.slice(this.captureStart, end);
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
    this.scalar = c !== '{' && c !== '[' && c !== '"';
  }

  /**
   * Continues scanning the captured value from `this.pos`; returns the index just past its end, or -1 when the
   * buffer ends first (state kept for the next chunk).
   */
  private scan(buf: string, from: number): number {
    const n = buf.length;
    let i = from;
    let depth = this.depth;
    let inString = this.inString;
    if (this.scalar) {
      for (; i < n; i++) {
        const c = buf.charCodeAt(i);
        if (c === 0x2c || c === 0x7d || c === 0x5d || (c < 128 && WS[c] === 1)) return i;
      }
      this.pos = i;
      return -1;
    }
    while (i < n) {
      if (inString) {
        const q = buf.indexOf('"', i);
        if (q < 0) {
          i = n;
          break;
        }
        // An odd run of backslashes before the quote escapes it. The run lies inside the captured text, which
        // starts before the string's opening quote, so it is all in the buffer.
        let k = q - 1;
        while (buf.charCodeAt(k) === 0x5c) k--;
        i = q + 1;
        if (((q - 1 - k) & 1) === 1) continue;
        inString = false;
        if (depth === 0) {
          this.depth = 0;
          this.inString = false;
          return i;
        }
        continue;
      }
      const c = buf.charCodeAt(i);
      i++;
      if (c === 0x22) inString = true;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if (c === 0x7d || c === 0x5d) {
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

function skipWs(buf: string, i: number): number {
  const n = buf.length;
  while (i < n) {
    const c = buf.charCodeAt(i);
    if (c < 128 && WS[c] === 1) i++;
    else break;
  }
  return i;
}

/** Index of the quote closing a string whose content starts at `i`, or -1 when not in the buffer. */
function endOfString(buf: string, i: number): number {
  for (;;) {
    const q = buf.indexOf('"', i);
    if (q < 0) return -1;
    let k = q - 1;
    while (buf.charCodeAt(k) === 0x5c) k--;
    if (((q - 1 - k) & 1) === 0) return q;
    i = q + 1;
  }
}
