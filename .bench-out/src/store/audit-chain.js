import { createHash } from "node:crypto";
// The audit chain: each event's hash covers its content and the previous event's hash, so
// changing, inserting or removing any event breaks every link after it.
/** The hash that the first event links to. */
export const GENESIS_HASH = "0".repeat(64);
/** JSON with object keys sorted at every level and no spaces: one text per value. */
export function canonicalJson(value) {
    if (value === null || typeof value !== "object") {
        const text = JSON.stringify(value);
        return text === undefined ? "null" : text;
    }
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    const obj = value;
    const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(",")}}`;
}
/** SHA-256 (hex) of a value's canonical JSON. */
export function sha256Json(value) {
    return createHash("sha256").update(canonicalJson(value)).digest("hex");
}
/** The hash an event must carry, computed from its fields and its predecessor's hash. */
export function eventHash(e) {
    return sha256Json({
        seq: e.seq, at: e.at, actor: e.actor, action: e.action, run_id: e.runId, subject: e.subject,
        before: e.before ?? null, after: e.after ?? null, prev_hash: e.prevHash,
    });
}
/**
 * Walks events in order (pages from `next`) and names the first one that does not fit: a changed
 * body, a broken link, a gap in the sequence, or a head that does not match the last event.
 */
export async function verifyChain(next, head) {
    let prev = GENESIS_HASH;
    let prevSeq = 0;
    let count = 0;
    for (;;) {
        const page = await next(prevSeq);
        if (page.length === 0)
            break;
        for (const e of page) {
            count++;
            if (e.seq !== prevSeq + 1) {
                return { ok: false, events: count, seq: prevSeq + 1, reason: `event ${prevSeq + 1} is missing (next is ${e.seq})` };
            }
            if (e.prevHash !== prev) {
                return { ok: false, events: count, seq: prevSeq, reason: `event ${prevSeq} was altered: event ${e.seq} links to a different hash` };
            }
            if (eventHash(e) !== e.hash) {
                return { ok: false, events: count, seq: e.seq, reason: `event ${e.seq} was altered: its content does not match its hash` };
            }
            prev = e.hash;
            prevSeq = e.seq;
        }
    }
    if (head.seq !== prevSeq || head.hash !== prev) {
        const seq = Math.min(head.seq, prevSeq + 1);
        return { ok: false, events: count, seq, reason: `the chain ends at event ${prevSeq} but the head records event ${head.seq}: events were removed or the head was altered` };
    }
    return { ok: true, events: count, head: prev };
}
