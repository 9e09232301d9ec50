import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { createTestEnv, type TestEnv } from './testing/harness.ts';

describe('the HTTP shell', () => {
  let env: TestEnv;
  let app: FastifyInstance;
  let webDir: string;

  beforeAll(async () => {
    webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mamori-web-'));
    fs.writeFileSync(path.join(webDir, 'index.html'), '<!doctype html><html lang="ja"><body><div id="root"></div></body></html>');
    fs.mkdirSync(path.join(webDir, 'assets'));
    fs.writeFileSync(path.join(webDir, 'assets', 'app.js'), 'console.log(1)');
    env = await createTestEnv('sqlite', { webDir });
    app = await buildApp(env.deps);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await env.close();
    fs.rmSync(webDir, { recursive: true, force: true });
  });

  it('sends a strict CSP, nosniff and frame denial on every response', async () => {
    for (const url of ['/', '/api/v1/health', '/api/v1/me']) {
      const res = await app.inject({ url });
      expect(res.headers['content-security-policy'], url).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
    }
  });

  it('serves the web app with a fallback to index.html for client routes, but not for /api', async () => {
    const page = await app.inject({ url: '/settings/users?page=2' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div id="root">');
    const asset = await app.inject({ url: '/assets/app.js' });
    expect(asset.statusCode).toBe(200);
    const api = await app.inject({ url: '/api/v2/anything' });
    expect(api.statusCode).toBe(401);
  });

  it('publishes the OpenAPI document at /api/docs without login', async () => {
    const ui = await app.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
    const doc = await app.inject({ url: '/api/docs/json' });
    expect(doc.statusCode).toBe(200);
    const spec = doc.json() as { openapi: string; paths: Record<string, unknown> };
    expect(spec.openapi).toMatch(/^3\./);
    for (const p of ['/api/v1/health', '/api/v1/auth/login', '/api/v1/me', '/api/v1/facilities', '/api/v1/users', '/api/v1/audit']) {
      expect(Object.keys(spec.paths), p).toContain(p);
    }
  });
});
