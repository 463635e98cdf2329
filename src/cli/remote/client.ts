import { UsageError } from "../usage-error.ts";

/** Where the server is and how to authenticate: flags first, then GOLIVE_SERVER / GOLIVE_TOKEN. */
export interface Remote {
  server: string;
  token: string;
}

/** The server and token from flags or the environment (CI keeps the token in a secret variable, not on the command line). */
export function remoteFrom(opts: { server?: string | undefined; token?: string | undefined }, env: NodeJS.ProcessEnv = process.env): Remote {
  const server = opts.server ?? env.GOLIVE_SERVER;
  const token = opts.token ?? env.GOLIVE_TOKEN;
  if (!server) throw new UsageError("--server URL (or GOLIVE_SERVER) is required");
  if (!token) throw new UsageError("--token T (or GOLIVE_TOKEN) is required: an API token from the dashboard's Tokens page");
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new UsageError(`--server: not a URL: ${server}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new UsageError("--server: an http(s) URL is expected");
  return { server: server.replace(/\/+$/, ""), token };
}

/** An answer from the API: its status and parsed JSON body (null when it is not JSON). */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/** Calls the API with the token; network failures throw (the caller decides whether to retry). */
export async function callApi(r: Remote, method: "GET" | "POST", path: string, body?: unknown, timeoutMs = 15_000): Promise<ApiAnswer> {
  const res = await fetch(`${r.server}${path}`, {
    method,
    headers: { authorization: `Bearer ${r.token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(timeoutMs),
    redirect: "error",
  });
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = null;
  }
  return { status: res.status, body: parsed };
}

/** The API's error message in an answer, or its status. */
export function apiMessage(a: ApiAnswer): string {
  const e = (a.body as { error?: { code?: string; message?: string; details?: { reasons?: { text: string }[] } } } | null)?.error;
  if (!e) return `HTTP ${a.status}`;
  const reasons = e.details?.reasons?.map((x) => x.text).join("; ");
  return `${e.code ?? a.status}: ${reasons || e.message || ""}`;
}
