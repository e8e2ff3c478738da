import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Vite names what it builds under assets/ by content hash: such a file never changes. */
const HASHED = '/assets/';
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The desk talks to this origin only (GraphQL over HTTP and graphql-ws). */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "style-src 'self' 'unsafe-inline'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Serves the built web desk (apps/web, built into dist/web) at `/`: its files with their content
 * types, hashed assets cached for good, and index.html for any other page a browser asks for, so
 * that a link into the single-page app works (its newsroom pages live under /desk/). Routes of their
 * own (/graphql, /graphiql, /health, the feeds, the readers' /articles/:slug) are more specific and win.
 */
@Injectable()
export class WebDeskAssets implements OnModuleInit {
  private readonly logger = new Logger('WebDesk');
  readonly root = webDeskRoot();

  constructor(private readonly host: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.host.httpAdapter.getInstance<FastifyInstance>();
    if (!existsSync(join(this.root, 'index.html'))) {
      this.logger.warn(`The web desk is not built (no index.html in ${this.root}): run "npm run build:web"`);
    }
    fastify.route({ method: ['GET', 'HEAD'], url: '/*', handler: (request, reply) => this.serve(request, reply) });
  }

  private async serve(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const path = decodedPath(request.url);
    const file = path === null ? null : this.file(path);
    if (file) {
      return reply
        .code(200)
        .header('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', path!.startsWith(HASHED) ? IMMUTABLE : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .send(await readFile(file));
    }
    const wantsPage = path !== null && !path.startsWith(HASHED) && extname(path) === '' && (request.headers.accept ?? '').includes('text/html');
    const index = join(this.root, 'index.html');
    if (wantsPage && existsSync(index)) {
      return reply
        .code(200)
        .header('content-type', CONTENT_TYPES['.html'])
        .header('cache-control', 'no-cache')
        .header('content-security-policy', CONTENT_SECURITY_POLICY)
        .header('x-content-type-options', 'nosniff')
        .send(await readFile(index));
    }
    if (wantsPage) {
      return reply.code(404).header('content-type', 'text/plain; charset=utf-8').send('The web desk is not built: run "npm run build:web", then reload.\n');
    }
    return reply.code(404).send({ message: `Route ${request.method}:${path ?? request.url} not found`, error: 'Not Found', statusCode: 404 });
  }

  /** A regular file inside the root, or null; index.html is served as a page (with its policy). */
  private file(path: string): string | null {
    if (path === '/' || path === '/index.html') return null;
    const candidate = normalize(join(this.root, path));
    if (!candidate.startsWith(this.root + sep)) return null;
    try {
      return statSync(candidate).isFile() ? candidate : null;
    } catch {
      return null;
    }
  }
}

function decodedPath(url: string): string | null {
  try {
    const path = decodeURIComponent(url.split('?')[0]);
    return path.includes('\0') ? null : path;
  } catch {
    return null;
  }
}

/** GALLEY_WEB_DIR, or dist/web in the project: the nearest folder above with package.json and node_modules. */
export function webDeskRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GALLEY_WEB_DIR) return resolve(env.GALLEY_WEB_DIR);
  let dir = __dirname;
  while (dirname(dir) !== dir) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'node_modules'))) return join(dir, 'dist', 'web');
    dir = dirname(dir);
  }
  return join(process.cwd(), 'dist', 'web');
}
