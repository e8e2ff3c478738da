import { join } from 'node:path';

/**
 * Node options for a worker thread started by this code. Running from TypeScript sources (tests,
 * benchmarks), the worker needs the TypeScript hook that the processes the tests spawn are given;
 * built, it needs nothing.
 */
export function workerExecArgv(): string[] | undefined {
  if (!__filename.endsWith('.ts')) return undefined;
  // Options given here replace the parent's: a profiled process (GALLEY_BENCH_CPU_PROF) profiles its worker too.
  const profiling = process.execArgv.filter((option) => option.startsWith('--cpu-prof'));
  return [...profiling, '--require', join(__dirname, '..', '..', '..', '..', 'tests', 'durability', 'swc-register.js')];
}
