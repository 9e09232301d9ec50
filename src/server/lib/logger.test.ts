import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { createTestEnv } from '../testing/harness.ts';
import { createLogger, redactUrl } from './logger.ts';

describe('logger', () => {
  it('masks the token of vendor sheet links in URLs', () => {
    expect(redactUrl('/api/v1/vendor-sheets/abcDEF123_-/answers/ledger?x=1')).toBe('/api/v1/vendor-sheets/[redacted]/answers/ledger?x=1');
    expect(redactUrl('/vendor-sheet/abcDEF123_-')).toBe('/vendor-sheet/[redacted]');
    expect(redactUrl('/api/v1/assessments/123')).toBe('/api/v1/assessments/123');
  });

  it('never writes a vendor link token into the request log, even at debug level', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const env = await createTestEnv('sqlite', { logLevel: 'debug' });
    env.deps.logger = createLogger('debug', sink);
    const app = await buildApp(env.deps);
    try {
      const token = 'Zm9vYmFyYmF6cXV4c2VjcmV0dG9rZW52YWx1ZTEyMzQ';
      await app.inject({ method: 'GET', url: `/api/v1/vendor-sheets/${token}` });
      const log = lines.join('');
      expect(log).toContain('/api/v1/vendor-sheets/[redacted]');
      expect(log).not.toContain(token);
    } finally {
      await app.close();
      await env.close();
    }
  });
});
