/**
 * The HTTP server under Fastify, with one guarantee: nothing thrown synchronously while a request is routed escapes
 * to the process (where it would be an uncaught exception and end it). Such a throw is logged and answered with a
 * 500 in the API's error format; the server goes on serving. Asynchronous failures are Fastify's (error handler).
 */
import http from 'node:http';

/** Where the guard reports a throw it caught. */
export type GuardLog = (fields: Record<string, unknown>, message: string) => void;

/** A Fastify `serverFactory` whose request listener never throws. */
export function guardedServerFactory(log: GuardLog) {
  return (handler: http.RequestListener): http.Server => http.createServer((request, response) => {
    try {
      handler(request, response);
    } catch (error) {
      try {
        log({ error: String((error as Error)?.message ?? error).slice(0, 300) }, 'request handling threw; answered 500');
      } catch {
        // the log itself failed: the answer below still goes out
      }
      if (!response.headersSent) {
        response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
        response.end(JSON.stringify({ error: 'internal error; it was logged' }));
      } else {
        response.destroy();
      }
    }
  });
}
