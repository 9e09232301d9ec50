import type { Config } from '../server/config.ts';
import { redactUrl } from '../server/config.ts';
import { buildApp } from '../server/app.ts';
import { startRuntime } from '../server/bootstrap.ts';
import { cliCaller } from '../server/context.ts';
import { loadDemo } from '../server/demo/demo.ts';
import { startScheduler } from '../server/jobs/scheduler.ts';
import { needsSetup } from '../server/modules/auth/index.ts';

/** Migrates, optionally loads the demo, listens, and shuts down gracefully on SIGTERM/SIGINT. */
export async function serve(config: Config, options: { demo: boolean; print: (s: string) => void }): Promise<void> {
  const rt = await startRuntime(config);
  const { deps } = rt;
  if (options.demo) {
    if (await needsSetup(deps)) {
      const r = await loadDemo(deps, cliCaller('cli:demo'));
      options.print('サンプル病院「みなと総合病院」を読み込みました。パスワードはこの一度だけ表示されます。 / Sample hospital loaded; passwords are shown only once:');
      for (const c of r.credentials) options.print(`  ${c.role.padEnd(17)} ${c.email.padEnd(36)} ${c.password}`);
    } else {
      options.print('データが既にあるため、サンプルは読み込みませんでした。 / Data exists already; the sample was not loaded.');
    }
  }
  const app = await buildApp(deps);
  const stopJobs = startScheduler(deps);
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    deps.logger.info({ signal }, 'shutting down');
    stopJobs();
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app
      .close()
      .then(() => rt.close())
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  await app.listen({ port: config.port, host: config.host });
  const setup = await needsSetup(deps);
  options.print(
    `mamori を起動しました / mamori is running: http://localhost:${config.port}  (${deps.dialect}: ${redactUrl(config.databaseUrl)})${setup ? '  — 初期設定画面を開いてください / open it to run the first-time setup' : ''}`,
  );
}
