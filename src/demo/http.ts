import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request handler of a stand-in service; `url` is parsed, `body` read (bounded). */
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, body: string) => void | Promise<void>;

/** A stand-in HTTP server on 127.0.0.1. */
export interface DemoServer {
  port: number;
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1024 * 1024;

/** Listens on a free loopback port (or `port`); errors in a handler become a 500. */
export async function listen(handler: Handler, port = 0): Promise<DemoServer> {
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      if (body.length < MAX_BODY) body += chunk;
    });
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      Promise.resolve(handler(req, res, url, body)).catch((err: unknown) => {
        if (!res.headersSent) json(res, 500, { error: err instanceof Error ? err.message : String(err) });
        else res.end();
      });
    });
  });
  // Keep-alive sockets of checks must not hold close() up.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends a JSON answer. */
export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers }).end(JSON.stringify(body));
}
