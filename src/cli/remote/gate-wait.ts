import { formatDuration } from "../../core/engine/index.ts";
import { paint } from "../views/paint.ts";
import { apiMessage, callApi, type Remote } from "./client.ts";

interface GateView {
  id: string;
  title: string;
  state: string;
  reasons: { text: string }[];
}

export interface GateWaitOptions {
  remote: Remote;
  run: string;
  gate: string;
  timeoutMs: number;
  intervalMs: number;
  json: boolean;
  /** Rewrites one progress line (a terminal) instead of printing each change. */
  tty: boolean;
  out: (s: string) => void;
  err: (s: string) => void;
  /** Waits between polls (tests pass a shorter one). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

/** Exit codes of `golive gate wait`. */
export const GATE_EXIT = { passed: 0, failed: 1, usage: 2, timeout: 3 } as const;

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls the run's gates until GATE passes (or is waived): 0; fails or is blocked: 1; the
 * timeout passes: 3. Refusals of the server (unknown run or gate, bad token) are 2 at once;
 * network errors are retried until the timeout (a server restarting must not fail a deploy).
 */
export async function gateWait(o: GateWaitOptions): Promise<number> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? sleepMs;
  const start = now();
  let last = "";
  let gate: GateView | undefined;
  const line = (s: string) => {
    if (o.json) return;
    if (o.tty) o.err(`\r\x1b[2K${s}`);
    else if (s !== last) o.err(`${s}\n`);
    last = s;
  };
  const finish = (code: number, outcome: string, message: string) => {
    if (o.tty && !o.json) o.err("\r\x1b[2K");
    if (o.json) o.out(`${JSON.stringify({ run: o.run, gate: o.gate, outcome, state: gate?.state ?? null, reasons: gate?.reasons.map((r) => r.text) ?? [], waited_ms: now() - start })}\n`);
    else o.out(`${message}\n`);
    return code;
  };
  for (;;) {
    let problem: string | undefined;
    try {
      const a = await callApi(o.remote, "GET", `/api/runs/${encodeURIComponent(o.run)}/gates`);
      if (a.status === 401 || a.status === 403 || a.status === 404) return finish(GATE_EXIT.usage, "error", `golive: ${apiMessage(a)}`);
      if (a.status !== 200) problem = apiMessage(a);
      else {
        const gates = (a.body as { gates: GateView[] }).gates;
        gate = gates.find((g) => g.id === o.gate);
        if (!gate) return finish(GATE_EXIT.usage, "error", `golive: run ${o.run} has no gate ${o.gate} (gates: ${gates.map((g) => g.id).join(", ") || "none"})`);
        const why = gate.reasons.map((r) => r.text).join("; ");
        if (gate.state === "passing" || gate.state === "waived") return finish(GATE_EXIT.passed, "passed", `${paint.green(gate.state === "waived" ? "waived" : "passed")}: ${gate.id} ${gate.title}`);
        if (gate.state === "failed" || gate.state === "blocked") return finish(GATE_EXIT.failed, gate.state, `${paint.red(gate.state)}: ${gate.id} ${gate.title}${why ? ` — ${why}` : ""}`);
        line(`${paint.dim(`waiting ${formatDuration(now() - start)}`)} ${gate.id} ${gate.state}${why ? `: ${why}` : ""}`);
      }
    } catch (e) {
      problem = (e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    }
    if (problem) line(`${paint.yellow("server not answering")} (${problem}); retrying`);
    const left = o.timeoutMs - (now() - start);
    if (left <= 0) return finish(GATE_EXIT.timeout, "timeout", `${paint.yellow("timeout")} after ${formatDuration(o.timeoutMs)}: ${o.gate} is ${gate?.state ?? "unknown"}`);
    await sleep(Math.min(o.intervalMs, left));
  }
}
