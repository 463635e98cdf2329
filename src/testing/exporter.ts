import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Registry } from "prom-client";

/** A prom-client registry served on 127.0.0.1 at /metrics, for a test Prometheus to scrape. */
export interface TestExporter {
  port: number;
  /** `127.0.0.1:PORT`, as a scrape target. */
  target: string;
  close(): Promise<void>;
}

/** Serves `registry` on a free loopback port. */
export async function serveRegistry(registry: Registry): Promise<TestExporter> {
  const server = createServer((req, res) => {
    if (req.url !== "/metrics") {
      res.writeHead(404).end();
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { "content-type": registry.contentType }).end(text),
      (err: Error) => res.writeHead(500).end(err.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    target: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
