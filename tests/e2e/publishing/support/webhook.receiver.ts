import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

export interface ReceivedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly answer: number | 'DROPPED';
}

/** What the receiver does with the n-th request (0-based): answer a status, or drop the connection. */
export type Behaviour = (n: number, eventId: string) => { status: number; applyFirst?: boolean } | 'DROP';

/**
 * A webhook receiver on 127.0.0.1 that can fail on purpose. It is idempotent, as receivers should
 * be: an event's effect is applied once per `Galley-Event-Id`, however often the event arrives.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  /** The effects applied, one per event id, in the order first applied. */
  readonly effects = new Map<string, unknown>();
  behaviour: Behaviour = () => ({ status: 200 });
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const eventId = String(request.headers['galley-event-id'] ?? '');
        const decision = this.behaviour(this.requests.length, eventId);
        if (decision === 'DROP') {
          this.requests.push({ headers: request.headers, body, answer: 'DROPPED' });
          request.socket.destroy();
          return;
        }
        this.requests.push({ headers: request.headers, body, answer: decision.status });
        // A receiver may apply the effect and then fail to say so: the sender retries, dedupe absorbs it.
        if (decision.status < 300 || decision.applyFirst) this.apply(eventId, body);
        response.writeHead(decision.status, { 'content-type': 'text/plain' }).end(decision.status < 300 ? 'ok' : 'not now');
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address() as { port: number };
    this.url = `http://127.0.0.1:${address.port}/hooks/galley`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  requestsFor(eventId: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.headers['galley-event-id'] === eventId);
  }

  private apply(eventId: string, body: string): void {
    if (this.effects.has(eventId)) return;
    this.effects.set(eventId, JSON.parse(body));
  }
}
