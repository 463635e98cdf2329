import { z } from "zod";

// GET /api/runs/:id/notifications and POST /api/runs/:id/notifications/test: shared by the
// server, the dashboard and any client.

/** A channel a run's events may go to, without its secrets. */
export interface NotificationChannel {
  id: string;
  kind: "webhook" | "slack" | "email";
  /** The server's own (flags and environment) or the runbook's `notify.routes`. */
  scope: "server" | "runbook";
  /** A test channel: the only kind a rehearsal sends to. */
  test: boolean;
  events: string[];
  severities: string[];
  rate_per_minute: number;
  /** Where a runbook route sends, as the runbook writes it (`${env:…}` unresolved). */
  target?: string;
  /** Whether this run's events go there (a rehearsal: test channels only). */
  active: boolean;
}

/** One attempt in the delivery log. */
export interface DeliveryAttempt {
  attempt: number;
  at: string;
  ok: boolean;
  /** HTTP status, or the SMTP reply code. */
  status: number | null;
  error: string | null;
  duration_ms: number;
}

/** One notification to one channel, with its attempts. */
export interface NotificationDelivery {
  id: string;
  channel: string;
  event: string;
  title: string;
  severity?: string;
  state: "pending" | "retrying" | "sent" | "failed";
  attempts: number;
  /** Secrets cut out. */
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** When the next attempt is due (pending, retrying). */
  next_at: string | null;
  log: DeliveryAttempt[];
}

export interface NotificationsView {
  run: string;
  kind: "live" | "rehearsal";
  channels: NotificationChannel[];
  deliveries: NotificationDelivery[];
}

export const TestSendBody = z.strictObject({ channel: z.string().min(1).max(300) });
export type TestSendBody = z.infer<typeof TestSendBody>;
