/**
 * Galley in a child process, so that a test can SIGKILL it: `node --require swc-register.js
 * galley.child.ts <data dir> <env as JSON>`. Prints `listening <url>` once it serves.
 */
import { loadConfig } from '../../../../apps/api/src/config/galley.config';
import { createApp } from '../../../../apps/api/src/main';
import { TEST_SECRET } from '../../support/galley.harness';

async function main(): Promise<void> {
  const [dataDir, env] = process.argv.slice(2);
  const config = loadConfig({ GALLEY_DATA_DIR: dataDir, GALLEY_JWT_SECRET: TEST_SECRET, GALLEY_PORT: '0', ...(JSON.parse(env) as Record<string, string>) });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  process.stdout.write(`listening http://127.0.0.1:${port}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.stack ?? error.message}\n`);
  process.exit(1);
});
