import type { InjectOptions, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll } from "vitest";
import { apiFixture, startRun, type ApiFixture, type Caller, type RunFields } from "../server/testing/fixture.ts";
import { openPgliteStore } from "../store/pglite.ts";
import type { Store } from "../store/store.ts";

// The server tests' common frame: a fresh embedded store and the API fixture over it (accounts,
// sessions, tokens, the test runbook and its run), set up before the file's (or describe's) tests
// and closed after them, with calls as a named caller instead of hand-built inject options.

/** One of the fixture's callers by name, or any other (a session signed in by the test). */
export type Who = keyof ApiFixture["callers"] | Caller;

type Payload = InjectOptions["payload"];

/** Calls to the API as one caller; answers as Fastify's `inject` gives them. */
export interface Calls {
  get(url: string, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  post(url: string, payload?: Payload, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, payload?: Payload): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: Payload): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

/** What a test file gets from `useApiFixture`: usable inside tests and later hooks. */
export interface ApiTest {
  /** The fixture (app, context, clock, callers); throws when read before the setup ran. */
  readonly fx: ApiFixture;
  readonly store: Store;
  /** Calls as a caller. */
  as(who: Who): Calls;
  /** A run's status as the viewer reads it (default: the fixture's run). */
  status<T = { version: number; status: Record<string, unknown> }>(run?: string): Promise<T>;
  /** Uploads a runbook, lets the admin vouch for it (unless `approve: false`) and creates a run; returns the runbook's hash. */
  startRun(source: string, run: RunFields, opts?: { approve?: boolean }): Promise<string>;
}

/** The fields of a refusal (`{ error: { code, message, details } }`), when the answer is one. */
export function errorOf(res: { json: <T>() => T }): { code: string; message?: string; details?: { reasons?: { code?: string; text: string }[] } } | undefined {
  return res.json<{ error?: { code: string; message?: string; details?: { reasons?: { code?: string; text: string }[] } } }>().error;
}

/** The sentences of a refusal's reasons, in order; empty when the answer is no refusal. */
export function reasonsOf(res: { json: <T>() => T }): string[] {
  return errorOf(res)?.details?.reasons?.map((r) => r.text) ?? [];
}

/**
 * Registers the setup (beforeAll) and teardown (afterAll) of an API over a fresh PGlite store in
 * the current file or describe block. `opts` go to the app (secure, checkEnv, ...); a function is
 * called at setup, for options known only then (a port another hook opened).
 */
export function useApiFixture(opts: Parameters<typeof apiFixture>[1] | (() => Parameters<typeof apiFixture>[1]) = {}): ApiTest {
  let fx: ApiFixture | undefined;
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openPgliteStore(undefined);
    fx = await apiFixture(store, typeof opts === "function" ? opts() : opts);
  });
  afterAll(async () => {
    await fx?.close();
    await store?.close();
  });
  const ready = (): ApiFixture => {
    if (!fx) throw new Error("useApiFixture: the API is not set up yet (read it inside a test or a hook registered after useApiFixture)");
    return fx;
  };
  const as = (who: Who): Calls => {
    const f = ready();
    const caller = typeof who === "string" ? f.callers[who] : who;
    const send = (method: InjectOptions["method"], url: string, payload?: Payload, headers?: Record<string, string>) =>
      f.call(caller, { method, url, ...(payload === undefined ? {} : { payload }), ...(headers ? { headers } : {}) });
    return {
      get: (url, headers) => send("GET", url, undefined, headers),
      post: (url, payload, headers) => send("POST", url, payload, headers),
      put: (url, payload) => send("PUT", url, payload),
      patch: (url, payload) => send("PATCH", url, payload),
      delete: (url) => send("DELETE", url),
    };
  };
  return {
    get fx() {
      return ready();
    },
    get store() {
      ready();
      return store as Store;
    },
    as,
    async status<T>(run?: string) {
      const res = await as("viewer").get(`/api/runs/${run ?? ready().runId}/status`);
      if (res.statusCode !== 200) throw new Error(`status of ${run ?? ready().runId}: ${res.statusCode} ${res.body}`);
      return res.json<T>();
    },
    startRun: (source, run, o) => startRun(ready(), source, run, o),
  };
}
