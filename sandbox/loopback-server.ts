/** An HTTP server on 127.0.0.1 for the sandboxes: a handler whose failure answers 500, and a close that drops open connections. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A listening server. */
export interface LoopbackServer {
  url: string;
  port: number;
  /** Drops every open connection and stops listening. */
  close(): Promise<void>;
}

/** Listens on `port` (0: a free one); an error thrown by `handle` is answered with 500 and `errorBody(message)`. */
export async function listenOnLoopback(
  handle: (request: http.IncomingMessage, response: http.ServerResponse) => Promise<void>,
  options: { port?: number; errorBody: (message: string) => unknown },
): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server = http.createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (response.headersSent) return;
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify(options.errorBody(`sandbox error: ${(error as Error).message}`)));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
