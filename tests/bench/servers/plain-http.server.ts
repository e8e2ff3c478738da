/** The machine's floor: a plain Node HTTP server answering every request with the same small JSON. */
import { createServer } from 'node:http';
import { onStop, send } from './server.protocol';

const BODY = JSON.stringify({ data: { __typename: 'Query' } });

const server = createServer((request, response) => {
  // Read the request body as any server must, then answer.
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(BODY) });
    response.end(BODY);
  });
});
server.listen(0, '127.0.0.1', () => send({ type: 'ready', port: (server.address() as { port: number }).port }));
onStop(() => new Promise<void>((resolve) => server.close(() => resolve())));
