import { postJson } from "./channel.js";
import { SIGNATURE_HEADER, signature } from "./sign.js";
/** A generic webhook: the envelope as JSON, signed with HMAC-SHA256 over the timestamp and body. */
export function webhookChannel(opts) {
    const hide = (s) => s.split(opts.url).join("<url>").split(opts.secret).join("***");
    return {
        id: opts.id,
        kind: "webhook",
        test: opts.test ?? false,
        send(e, nowMs) {
            const body = JSON.stringify(e);
            const t = Math.floor(nowMs / 1000);
            return postJson(opts.url, body, { [SIGNATURE_HEADER]: signature(opts.secret, t, body), "x-golive-event": e.type, "x-golive-delivery": e.id }, opts.timeoutMs ?? 10_000, hide);
        },
    };
}
