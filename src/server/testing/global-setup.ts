import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: when no PostgreSQL is given (MAMORI_TEST_PG_URL) but the machine has initdb,
 * start a throwaway cluster so that repository tests run on both dialects; stop it afterwards.
 */
export default function setup(project: TestProject): () => void {
  let url = process.env.MAMORI_TEST_PG_URL ?? '';
  let dir = '';
  if (!url && process.env.MAMORI_TEST_PG !== 'off') {
    const hasInitdb =
      fs.existsSync('/usr/lib/postgresql') || execFileSync('sh', ['-c', 'command -v initdb || true']).toString().trim() !== '';
    if (hasInitdb) {
      try {
        const out = execFileSync('scripts/pg-throwaway.sh', { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        url = /MAMORI_TEST_PG_URL=(\S+)/.exec(out)?.[1] ?? '';
        dir = /PG_THROWAWAY_DIR=(\S+)/.exec(out)?.[1] ?? '';
      } catch (e) {
        process.stderr.write(`PostgreSQL could not be started; tests run on SQLite only (${(e as Error).message.split('\n')[0]})\n`);
      }
    }
  }
  project.provide('pgUrl', url);
  return () => {
    if (dir) execFileSync('scripts/pg-throwaway.sh', ['stop', dir]);
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}
