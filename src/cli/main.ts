#!/usr/bin/env node
import { runCli } from './program.ts';

const code = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
});
// `serve` keeps running and returns null; every other command sets the exit code and ends.
if (code !== null) process.exit(code);
