import { ProbeError } from "./provider.js";
/** `500ms`, `2s`, `1.5s`, `2m`. */
export function formatMs(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms % 60_000 === 0)
        return `${ms / 60_000}m`;
    return `${Number((ms / 1000).toFixed(3))}s`;
}
/** Runs `fn` under a deadline; whatever it throws after the deadline fired becomes that reason, unless it is already a ProbeError. */
export async function withDeadline(ctx, fn) {
    const timer = AbortSignal.timeout(ctx.timeoutMs);
    const signal = AbortSignal.any([ctx.signal, timer]);
    const deadline = {
        signal,
        timeoutMs: ctx.timeoutMs,
        reason() {
            if (ctx.signal.aborted) {
                const r = ctx.signal.reason;
                if (r instanceof Error && r.name !== "TimeoutError" && r.name !== "AbortError")
                    return r.message;
                if (r instanceof Error && r.name === "AbortError")
                    return "cancelled";
            }
            return `timeout after ${formatMs(ctx.timeoutMs)}`;
        },
    };
    try {
        return await fn(deadline);
    }
    catch (err) {
        if (signal.aborted && !(err instanceof ProbeError))
            throw new ProbeError(deadline.reason());
        throw err;
    }
}
