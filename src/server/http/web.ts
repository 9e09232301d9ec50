import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors.ts';

/** Serves the built React app from `webDir` with a fallback to index.html for client-side routes. */
export async function registerWeb(app: FastifyInstance, webDir: string): Promise<void> {
  const index = path.join(webDir, 'index.html');
  const hasWeb = fs.existsSync(index);
  if (hasWeb) {
    await app.register(fastifyStatic, { root: webDir, wildcard: false, index: false, maxAge: '1h', immutable: false });
  }
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || request.method !== 'GET') return sendError(request, reply, 'NOT_FOUND');
    if (!hasWeb) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('画面がビルドされていません。npm run build を実行してください。 / The web UI is not built: run npm run build.');
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
