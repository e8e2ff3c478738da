import { join } from 'node:path';

/**
 * Node options for a worker thread started by this code. Running from TypeScript sources (tests,
 * benchmarks), the worker needs the TypeScript hook that the processes the tests spawn are given;
 * built, it needs nothing.
 */
export function workerExecArgv(): string[] | undefined {
  if (!__filename.endsWith('.ts')) return undefined;
  return ['--require', join(__dirname, '..', '..', '..', '..', 'tests', 'durability', 'swc-register.js')];
}
