import type { Channel, SendResult } from "./channel.ts";
import { postJson } from "./channel.ts";
import type { Envelope } from "./envelope.ts";

/** Slack's three control characters in text (its docs: escape &, < and >). */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** The Block Kit message for an event: a header, the run and event, a button to the run, the delivery id. */
export function slackMessage(e: Envelope): Record<string, unknown> {
  const fields = [
    { type: "mrkdwn", text: `*Run*\n${esc(cut(e.run.name, 200))}${e.run.kind === "rehearsal" ? " (rehearsal)" : ""}` },
    { type: "mrkdwn", text: `*Event*\n\`${e.type}\`` },
    ...(e.severity ? [{ type: "mrkdwn", text: `*Severity*\n${esc(e.severity)}` }] : []),
    ...(e.to?.length ? [{ type: "mrkdwn", text: `*For*\n${esc(cut(e.to.join(", "), 500))}` }] : []),
  ];
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: cut(e.title, 150), emoji: true } },
    { type: "section", fields },
  ];
  if (e.run.url) blocks.push({ type: "actions", elements: [{ type: "button", text: { type: "plain_text", text: "Open the run" }, url: e.run.url, action_id: "open_run" }] });
  blocks.push({ type: "context", elements: [{ type: "mrkdwn", text: `golive · ${esc(e.runbook.title)} · ${e.id}` }] });
  return { text: cut(e.title, 3000), blocks };
}

/** A Slack incoming webhook (the URL is the secret: it never appears in errors or logs). */
export function slackChannel(opts: { id: string; url: string; test?: boolean; timeoutMs?: number }): Channel {
  const hide = (s: string) => s.split(opts.url).join("<slack webhook>");
  return {
    id: opts.id,
    kind: "slack",
    test: opts.test ?? false,
    send(e: Envelope): Promise<SendResult> {
      return postJson(opts.url, JSON.stringify(slackMessage(e)), {}, opts.timeoutMs ?? 10_000, hide);
    },
  };
}
