import type { SchedulerEvent } from "../../checks/scheduler.ts";
import { formatMs } from "../../checks/scheduler-parts.ts";
import { failureText } from "./check-summary.ts";
import { paint } from "./paint.ts";

/** Where progress goes: a terminal gets a live status line, anything else plain lines. */
export interface ProgressOut {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressView {
  onEvent(event: SchedulerEvent): void;
  /** Clears the live line; call before printing the final results. */
  stop(): void;
}

const MARK = { pass: "✔", fail: "✖", error: "✖", inconclusive: "?" } as const;

/**
 * Live progress of `golive check`: on a terminal, each finished check as a line and a status line
 * (what runs, how many passed, elapsed) redrawn in place; elsewhere (CI logs), one plain line per
 * finished check.
 */
export function createProgress(out: ProgressOut, total: number, now: () => number = Date.now): ProgressView {
  const tty = out.isTTY === true;
  const started = now();
  const running = new Map<string, number>();
  let done = 0;
  let passed = 0;
  let notPassed = 0;
  let timer: NodeJS.Timeout | undefined;

  const statusLine = () => {
    const names = [...running.keys()];
    const shown = names.slice(0, 3).join(", ") + (names.length > 3 ? ` +${names.length - 3}` : "");
    const bad = notPassed ? `, ${paint.red(`${notPassed} not passed`)}` : "";
    const text = `${done}/${total} done, ${paint.green(`${passed} passed`)}${bad} · ${formatMs(now() - started)}${names.length ? ` · running ${shown}` : ""}`;
    const width = out.columns ?? 120;
    return text.length > width + 40 ? text.slice(0, width + 39) : text;
  };
  const redraw = () => out.write(`\r\u001b[2K${statusLine()}`);

  if (tty) {
    timer = setInterval(redraw, 250);
    timer.unref();
  }

  return {
    onEvent(event) {
      if (event.type === "started") running.set(event.check, event.at);
      if (event.type === "sample" && tty) redraw();
      if (event.type !== "finished") return;
      const r = event.run;
      running.delete(r.id);
      done++;
      if (r.fact.outcome === "pass") passed++;
      else notPassed++;
      const label = r.fact.outcome === "pass" ? "PASS" : r.fact.outcome.toUpperCase();
      const detail = r.fact.outcome === "pass" ? "" : `: ${failureText(r)}`;
      const advisory = r.advisory ? " (advisory)" : "";
      if (tty) {
        const mark = r.fact.outcome === "pass" ? paint.green(MARK.pass) : r.advisory ? paint.yellow(MARK[r.fact.outcome]) : paint.red(MARK[r.fact.outcome]);
        out.write(`\r\u001b[2K${mark} ${r.id}${advisory} ${paint.dim(formatMs(r.fact.duration_ms))}${detail}\n`);
        redraw();
      } else {
        out.write(`[${done}/${total}] ${label} ${r.id}${advisory} (${formatMs(r.fact.duration_ms)})${detail}\n`);
      }
    },
    stop() {
      if (timer) clearInterval(timer);
      if (tty) out.write("\r\u001b[2K");
    },
  };
}
