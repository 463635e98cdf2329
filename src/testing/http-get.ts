import { request } from "undici";

// The demo's stand-ins run inside `golive serve`, so they poll Prometheus with undici's request,
// the HTTP client the checks load anyway, not the global fetch: fetch would load Node's own copy of
// undici as well, a second HTTP client held for the server's life (docs/performance.md).

/** Whether a GET of this loopback URL answers 2xx within `timeoutMs`. */
export async function answersOk(url: string, timeoutMs = 2000): Promise<boolean> {
  const res = await request(url, { signal: AbortSignal.timeout(timeoutMs) });
  await res.body.dump();
  return res.statusCode >= 200 && res.statusCode < 300;
}

/** The JSON body of a GET of this loopback URL; throws on a status other than 2xx or after `timeoutMs`. */
export async function getJson(url: string, timeoutMs = 2000): Promise<unknown> {
  const res = await request(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (res.statusCode < 200 || res.statusCode >= 300) {
    await res.body.dump();
    throw new Error(`GET ${url}: HTTP ${res.statusCode}`);
  }
  return res.body.json();
}
