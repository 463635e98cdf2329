import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One request the sink received. */
export interface SinkRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A loopback HTTP server that records what it is sent (a webhook receiver, Slack's stand-in). */
export interface HttpSink {
  url: string;
  requests: SinkRequest[];
  /** Answers the next requests with these statuses, then 200. */
  answer(...statuses: number[]): void;
  /** Resolves once `n` requests have arrived (fails after `timeoutMs`, 60 s by default: a loaded machine is slow, and a passing wait ends at once). */
  waitFor(n: number, timeoutMs?: number): Promise<SinkRequest[]>;
  close(): Promise<void>;
}

/** Starts a sink on 127.0.0.1 on a free port. */
export async function startHttpSink(): Promise<HttpSink> {
  const requests: SinkRequest[] = [];
  const queue: number[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.statusCode = queue.shift() ?? 200;
      res.end("ok");
      for (const w of [...waiters]) if (requests.length >= w.n) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    requests,
    answer: (...statuses) => void queue.push(...statuses),
    waitFor(n, timeoutMs = 60_000) {
      if (requests.length >= n) return Promise.resolve(requests.slice(0, n));
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the sink got ${requests.length} of ${n} requests in ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => (clearTimeout(timer), resolve(requests.slice(0, n))) });
      });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
