import type { Runtime } from '../server/bootstrap.ts';
import { getFacilityByCode } from '../server/modules/facilities/index.ts';

/** Bad input on the command line: one line on standard error and exit code 2 (through `guardInput`). */
export class CliInputError extends Error {}

/** The facility of a `--facility CODE` option; an unknown code is bad input. */
export async function facilityByCode(rt: Runtime, code: string) {
  return getFacilityByCode(rt.deps, code).catch(() => {
    throw new CliInputError(`施設 ${code} がありません / no facility with code ${code}`);
  });
}

/** Runs a command body; input errors become one line on standard error and exit code 2. */
export async function guardInput(ctx: { stderr: (text: string) => void; setExitCode: (code: number) => void }, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof CliInputError) {
      ctx.stderr(`エラー / Error: ${e.message}\n`);
      ctx.setExitCode(2);
      return;
    }
    throw e;
  }
}
