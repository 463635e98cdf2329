/**
 * Where the demo's stand-ins stand (`golive serve` without a runbook starts them): the dashboard
 * shows it, so a missing PostgreSQL or Prometheus reads as one clear sentence, not as a wall of
 * failing checks. Never holds the stand-ins' URLs (they carry passwords).
 */
export interface DemoStatus {
  state: "off" | "starting" | "ready" | "failed";
  /** The stand-ins started (pancake: the Pancake CRM pilot's systems). */
  systems: string[];
  /** The runs whose checks the stand-ins serve. */
  runs: string[];
  /** Why they could not start (with how to fix it), when they could not. */
  message?: string;
  /** How long the start took. */
  startMs?: number;
}

/** The demo as the API shows it. */
export function publicDemo(d: DemoStatus) {
  return { state: d.state, systems: d.systems, runs: d.runs, ...(d.message ? { message: d.message } : {}), ...(d.startMs !== undefined ? { start_ms: d.startMs } : {}) };
}
