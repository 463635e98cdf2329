import type { NotifyEvent } from "../../core/notify/events.ts";

/** What every channel receives: the event with the run it belongs to and its delivery id. */
export interface Envelope {
  /** The delivery id: stable across retries, the receiver's dedupe key. */
  id: string;
  type: NotifyEvent["type"];
  version: NotifyEvent["version"];
  /** The event's key within the run (the same on every channel). */
  key: string;
  at: string;
  run: { id: string; name: string; kind: "live" | "rehearsal"; url?: string };
  runbook: { id: string; title: string; language?: string };
  subject: string;
  severity?: string;
  title: string;
  data: Record<string, unknown>;
  to?: string[];
}

/** The link to a run's dashboard screen, when the server knows its public address. */
export function runUrl(publicUrl: string | undefined, runId: string, screen = ""): string | undefined {
  if (!publicUrl) return undefined;
  return `${publicUrl.replace(/\/+$/, "")}/runs/${encodeURIComponent(runId)}${screen ? `/${screen}` : ""}`;
}
