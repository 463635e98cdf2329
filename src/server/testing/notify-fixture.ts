import { openPgliteStore } from "../../store/pglite.ts";
import type { Store } from "../../store/store.ts";
import { startHttpSink, type HttpSink } from "../../testing/http-sink.ts";
import { apiFixture, type ApiFixture } from "./fixture.ts";

/** A server over a fresh embedded store with a real HTTP receiver on loopback for its notifications. */
export interface NotifyFixture {
  store: Store;
  fx: ApiFixture;
  hook: HttpSink;
  close(): Promise<void>;
}

/**
 * Starts the receiver, then the server with `options(hookUrl)` (its channels, the variables
 * its runbooks' routes may read); `close` stops both.
 */
export async function notifyFixture(options: (hookUrl: string) => Parameters<typeof apiFixture>[1]): Promise<NotifyFixture> {
  const hook = await startHttpSink();
  const store = await openPgliteStore(undefined);
  const fx = await apiFixture(store, options(hook.url));
  return {
    store, fx, hook,
    async close() {
      await fx.close();
      await store.close();
      await hook.close();
    },
  };
}
