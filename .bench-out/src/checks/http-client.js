// The checks' HTTP client: undici's Agent and its request API, loaded as the two modules they are.
// `import "undici"` evaluates all of undici (fetch, WebSocket, EventSource, caches, mocks,
// interceptors), about 1.6 MB of modules held for the server's life, none of which a check uses
// (docs/performance.md, "Idle memory"). undici is pinned to an exact version and has no exports
// map; the http and Prometheus checks' tests run this against real servers, so a module that moves
// in an upgrade fails there.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
/** undici's Agent (a keep-alive pool per origin). */
export const Agent = require("undici/lib/dispatcher/agent.js");
// Dispatcher#request, which undici's index.js copies onto Dispatcher.prototype; called with the
// dispatcher as `this`, as that method is.
const dispatcherRequest = require("undici/lib/api/api-request.js");
/** Requests without a dispatcher of their own share one pool (undici's global one, never loaded). */
let shared;
/**
 * undici's `request(url, options)`: the origin, path and query from `url`, GET unless a method is
 * given.
 */
export function request(url, opts = {}) {
    const { dispatcher, ...rest } = opts;
    return dispatcherRequest.call(dispatcher ?? (shared ??= new Agent()), {
        ...rest,
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: opts.method ?? "GET",
    });
}
