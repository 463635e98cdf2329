import { postJson } from "./channel.js";
/** Slack's three control characters in text (its docs: escape &, < and >). */
const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const cut = (s, n) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** The Block Kit message for an event: a header, the run and event, a button to the run, the delivery id. */
export function slackMessage(e) {
    const fields = [
        { type: "mrkdwn", text: `*Run*\n${esc(cut(e.run.name, 200))}${e.run.kind === "rehearsal" ? " (rehearsal)" : ""}` },
        { type: "mrkdwn", text: `*Event*\n\`${e.type}\`` },
        ...(e.severity ? [{ type: "mrkdwn", text: `*Severity*\n${esc(e.severity)}` }] : []),
        ...(e.to?.length ? [{ type: "mrkdwn", text: `*For*\n${esc(cut(e.to.join(", "), 500))}` }] : []),
    ];
    const blocks = [
        { type: "header", text: { type: "plain_text", text: cut(e.title, 150), emoji: true } },
        { type: "section", fields },
    ];
    if (e.run.url)
        blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the run" }, url: e.run.url, action_id: "open_run" }] });
    blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `golive · ${esc(e.runbook.title)} · ${e.id}` }] });
    return { text: cut(e.title, 3000), blocks };
}
/** A Slack incoming webhook (the URL is the secret: it never appears in errors or logs). */
export function slackChannel(opts) {
    const hide = (s) => s.split(opts.url).join("<slack webhook>");
    return {
        id: opts.id,
        kind: "slack",
        test: opts.test ?? false,
        send(e) {
            return postJson(opts.url, JSON.stringify(slackMessage(e)), {}, opts.timeoutMs ?? 10_000, hide);
        },
    };
}
