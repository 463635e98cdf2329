import { connect } from "node:net";
import { describeNetError, portOf } from "../net-errors.js";
import { ProbeError } from "../provider.js";
// A refused or reset connection is an observation (`connected == false` is how a runbook says
// "the database port is not exposed"); only not knowing (timeout, bad input) is an error.
const OBSERVED = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH"]);
/** TCP connect: `connected`, `latency`, and `error` (connection refused, ...) when it did not connect. */
export const tcpProvider = {
    kind: "tcp",
    probe(config, ctx) {
        const port = portOf(config.port);
        const target = `${config.host}:${port}`;
        return new Promise((resolve, reject) => {
            if (ctx.signal.aborted)
                return reject(new ProbeError(`no TCP connection to ${target}`));
            const started = performance.now();
            const socket = connect({ host: config.host, port });
            const done = () => {
                ctx.signal.removeEventListener("abort", onAbort);
                socket.destroy();
            };
            const onAbort = () => {
                done();
                reject(new ProbeError(`no TCP connection to ${target}`));
            };
            ctx.signal.addEventListener("abort", onAbort, { once: true });
            socket.once("connect", () => {
                done();
                resolve({ connected: true, latency: performance.now() - started });
            });
            socket.once("error", (e) => {
                done();
                const cause = describeNetError(e, target);
                if (e.code && OBSERVED.has(e.code))
                    resolve({ connected: false, latency: performance.now() - started, error: cause });
                else
                    reject(new ProbeError(cause));
            });
        });
    },
    explain(values) {
        return typeof values.error === "string" ? values.error : undefined;
    },
};
