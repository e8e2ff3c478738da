import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { graphqlClient, type Galley } from '../../support/galley.harness';

const ROOT = resolve(__dirname, '..', '..', '..', '..');
const REGISTER = join(ROOT, 'tests', 'durability', 'swc-register.js');
const CHILD = join(__dirname, 'galley.child.ts');

export interface ChildGalley extends Galley {
  readonly child: ChildProcess;
}

/** Galley in a process of its own (see ./galley.child.ts), so that it can be SIGKILLed. */
export function spawnGalley(dataDir: string, env: Record<string, string> = {}): Promise<ChildGalley> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--require', REGISTER, CHILD, dataDir, JSON.stringify(env)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('exit', (code) => reject(new Error(`Galley exited (${code}) before it listened:\n${stderr}`)));
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      const url = /listening (\S+)/.exec(chunk)?.[1];
      if (!url) return;
      resolvePromise({ url, dataDir, child, app: undefined as never, gql: graphqlClient(url), stop: () => kill(child, 'SIGTERM') });
    });
  });
}

export function kill(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    child.once('exit', () => resolvePromise());
    child.kill(signal);
  });
}
