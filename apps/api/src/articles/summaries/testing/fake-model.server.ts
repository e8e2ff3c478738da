import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  readonly at: number;
}

/** One scripted answer: JSON when `json` is set, the raw `text` otherwise; `hang` never answers. */
export type ScriptedReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; text: string }
  | 'hang';

/**
 * A model API on 127.0.0.1 for the adapter tests: it answers each request with the next scripted
 * reply and remembers what it was sent.
 */
export class FakeModelServer {
  readonly requests: SeenRequest[] = [];
  private readonly script: ScriptedReply[] = [];
  private readonly hanging: ServerResponse[] = [];
  private responder: ((request: SeenRequest) => ScriptedReply) | null = null;

  private constructor(private readonly server: Server) {}

  static async start(): Promise<FakeModelServer> {
    let fake: FakeModelServer | null = null;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => fake?.answer(request.method ?? '', request.url ?? '', request.headers, Buffer.concat(chunks).toString('utf8'), response));
    });
    fake = new FakeModelServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  reply(...replies: ScriptedReply[]): this {
    this.script.push(...replies);
    return this;
  }

  /** Answers every request the script does not cover, e.g. by what the prompt asks for. */
  respond(responder: (request: SeenRequest) => ScriptedReply): this {
    this.responder = responder;
    return this;
  }

  async close(): Promise<void> {
    for (const response of this.hanging) response.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private answer(method: string, path: string, headers: IncomingHttpHeaders, raw: string, response: ServerResponse): void {
    let body: unknown = raw;
    try {
      body = JSON.parse(raw);
    } catch {
      // kept as text: the test asserts on it
    }
    const seen = { method, path, headers, body, at: performance.now() };
    this.requests.push(seen);
    const reply = this.script.shift() ?? this.responder?.(seen) ?? { status: 599, text: 'no scripted reply left' };
    if (reply === 'hang') {
      this.hanging.push(response);
      return;
    }
    const isJson = 'json' in reply;
    response.writeHead(reply.status ?? 200, {
      'content-type': isJson ? 'application/json' : 'text/plain',
      ...reply.headers,
    });
    response.end(isJson ? JSON.stringify(reply.json) : reply.text);
  }
}
