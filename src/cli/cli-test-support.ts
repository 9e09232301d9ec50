import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * For the CLI tests: `mamori <args>` as a real child process (`node --import tsx src/cli/main.ts`) on a data folder of
 * its own, and the temporary folders those tests create.
 */

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

// The environment of the test run without any MAMORI_* setting, so each process sees only what a test gives it.
const BASE_ENV = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORI_') && k !== 'NODE_OPTIONS'));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** MAMORI_DATA_DIR of the process. */
  dataDir: string;
  /** Written to standard input, which is then closed (empty by default). */
  input?: string;
  /** More environment on top of the test run's (without its MAMORI_* settings). */
  env?: Record<string, string>;
}

// A few processes at a time: each spends most of its life starting up, so more would only queue on the CPUs.
let running = 0;
const waiting: (() => void)[] = [];
const MAX_PROCESSES = os.availableParallelism() + 1;
async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PROCESSES) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** Runs `mamori <args>` with MAMORI_DATA_DIR=options.dataDir and `input` on standard input; resolves when it exits. */
export function mamori(args: string[], options: CliOptions): Promise<CliResult> {
  return slot(
    () =>
      new Promise<CliResult>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
          cwd: ROOT,
          env: { ...BASE_ENV, MAMORI_DATA_DIR: options.dataDir, ...options.env },
          stdio: ['pipe', 'pipe', 'pipe'],
        });
        let stdout = '';
        let stderr = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code, stdout, stderr }));
        child.stdin.end(options.input ?? '');
      }),
  );
}

const tempDirs: string[] = [];

/** A fresh folder under the OS temp folder (`mamori-cli-<label>-…`), removed by removeTempDirs. */
export function tempDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mamori-cli-${label}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir made; for afterAll. */
export function removeTempDirs(): void {
  for (const d of tempDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}
