import type { Envelope } from "./envelope.ts";

/** How one attempt went: `retry` false means trying again cannot help (e.g. a 4xx answer). */
export interface SendResult {
  ok: boolean;
  status?: number;
  error?: string;
  retry: boolean;
}

/** A place notifications go: a webhook, a Slack incoming webhook, e-mail. */
export interface Channel {
  id: string;
  kind: "webhook" | "slack" | "email";
  /** A test channel: the only kind a rehearsal run sends to. */
  test: boolean;
  /** Whether this channel takes the event at all (its route's filters; e-mail: someone to send it to). */
  accepts?(e: Pick<Envelope, "type" | "severity" | "to">): boolean;
  send(e: Envelope, nowMs: number): Promise<SendResult>;
}

/** What a failed HTTP answer means for retrying: 408, 429 and 5xx may pass later; other codes will not. */
export function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** POSTs a body to a URL: no redirects followed (a hostile receiver cannot bounce it elsewhere), bounded in time, answer body discarded. */
export async function postJson(url: string, body: string, headers: Record<string, string>, timeoutMs: number, hide: (s: string) => string): Promise<SendResult> {
  try {
    const res = await fetch(url, { method: "POST", body, headers: { "content-type": "application/json", "user-agent": "golive-notify/1", ...headers }, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, status: res.status, retry: false };
    return { ok: false, status: res.status, error: `HTTP ${res.status}`, retry: retryable(res.status) };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const cause = err.name === "TimeoutError" ? `timeout after ${timeoutMs} ms` : err.cause?.code ?? err.cause?.message ?? err.message;
    return { ok: false, error: hide(String(cause)), retry: true };
  }
}
