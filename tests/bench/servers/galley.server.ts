/**
 * Galley as it runs in production (NODE_ENV=production, Fastify + Mercurius, the embedded store), with
 * rate limits off so the load generator measures the engine, not the throttle. It also times, for each
 * event the read models apply, the delay since the store stamped it at commit: the read-model lag.
 *
 * Usage: node --require ./tests/durability/swc-register.js galley.server.ts DATA_DIR SECRET
 */
import 'reflect-metadata';
import { comparePositions, type EventStore } from '@galley/event-store';
import { loadConfig } from '../../../apps/api/src/config/galley.config';
import { EVENT_STORE } from '../../../apps/api/src/infrastructure/event-store.provider';
import { ReadModels } from '../../../apps/api/src/infrastructure/read-models.service';
import { createApp } from '../../../apps/api/src/main';
import { onStop, send, threadCpu, type ToServer } from './server.protocol';

async function main(): Promise<void> {
  const [dataDir, secret] = process.argv.slice(2);
  const config = loadConfig({
    NODE_ENV: 'production',
    GALLEY_DATA_DIR: dataDir,
    GALLEY_JWT_SECRET: secret,
    GALLEY_RATE_LIMIT_USER: '0',
    GALLEY_RATE_LIMIT_IP: '0',
  });
  const app = await createApp(config, { logger: false });
  const readModels = app.get(ReadModels);
  const store = app.get<EventStore>(EVENT_STORE);
  const drain = async (): Promise<void> => {
    const started = performance.now();
    const head = await store.headPosition();
    // A worker that cannot catch up in two minutes is left to the report: its lag says the rest.
    while (head !== null && (readModels.checkpoint === null || comparePositions(readModels.checkpoint, head) < 0) && performance.now() - started < 120_000) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    send({ type: 'drained', ms: performance.now() - started });
  };
  let lags: number[] = [];
  let waiting: number[] = [];
  let applying: number[] = [];
  // Lag: from the store's commit stamp to the read models' commit, after which any query sees the event.
  readModels.onApplied((events, appliedAt, startedAt) => {
    for (const event of events) {
      lags.push(appliedAt - event.created.getTime());
      if (startedAt === undefined) continue;
      waiting.push(startedAt - event.created.getTime());
      applying.push(appliedAt - startedAt);
    }
  });
  let since = performance.eventLoopUtilization();
  let cpuSince = threadCpu();
  process.on('message', (message: ToServer) => {
    if (message.type === 'lag-reset') {
      lags = [];
      waiting = [];
      applying = [];
      since = performance.eventLoopUtilization();
      cpuSince = threadCpu();
    }
    if (message.type === 'drain') void drain();
    if (message.type === 'lag-report') {
      const { utilization, active } = performance.eventLoopUtilization(since);
      send({ type: 'lag', samples: lags, waiting, applying, mainThread: { utilization, activeMs: active }, cpu: threadCpu(cpuSince) });
    }
  });
  await app.listen(0, '127.0.0.1');
  send({ type: 'ready', port: (app.getHttpServer().address() as { port: number }).port });
  onStop(() => app.close());
}

main().catch((error: Error) => {
  send({ type: 'failed', message: error.stack ?? error.message });
  process.exit(1);
});
