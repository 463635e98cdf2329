import { createContext, useContext, type ReactNode } from "react";
import { useLiveRun } from "../api/live.ts";
import { useRunbook, useRunDetail, useStatus } from "../api/queries.ts";
import type { Me, RunbookDetail, RunDetail, StatusPayload } from "../api/types.ts";

/** Everything a run's screens read: status (live), runbook, facts, who I am and my roles. */
export interface RunData {
  runId: string;
  status: StatusPayload & { receivedAt: number };
  runbook: RunbookDetail;
  detail: RunDetail;
  me: Me;
  /** The runbook roles I act in for this run (the text's members when they count, plus the run's assignments). */
  myRoles: Set<string>;
  tz: string;
  canWrite: boolean;
  live: boolean;
}

const Ctx = createContext<RunData | null>(null);

/**
 * The roles an account holds in a run: the runbook text's members only when they count (an admin
 * vouched for the text; the server says `text_members: false` otherwise), and the run's assignments.
 */
export function rolesOf(user: string, runbook: RunbookDetail, detail: RunDetail, textMembers = true): Set<string> {
  const out = new Set<string>();
  if (textMembers) for (const r of runbook.runbook.roles) if (r.members.includes(user)) out.add(r.id);
  for (const [role, users] of Object.entries(detail.assignments)) if (users.includes(user)) out.add(role);
  return out;
}

/** Loads a run's data and keeps it live; shows `fallback` until it is there. */
export function RunDataProvider({ runId, me, children, fallback }: { runId: string; me: Me; children: ReactNode; fallback: (error: unknown) => ReactNode }) {
  const live = useLiveRun(runId);
  const status = useStatus(runId);
  const detail = useRunDetail(runId);
  const runbook = useRunbook(detail.data?.runbook);
  const error = status.error ?? detail.error ?? runbook.error;
  if (error || !status.data || !detail.data || !runbook.data) return <>{fallback(error)}</>;
  const value: RunData = {
    runId,
    status: status.data,
    runbook: runbook.data,
    detail: detail.data,
    me,
    myRoles: rolesOf(me.user, runbook.data, detail.data, status.data.text_members !== false),
    tz: status.data.status.runbook.timezone,
    canWrite: me.role !== "viewer" && me.scope === "write",
    live,
  };
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

/** The run's data when inside a run's screens, else undefined (account screens). */
export function useOptionalRunData(): RunData | undefined {
  return useContext(Ctx) ?? undefined;
}

export function useRunData(): RunData {
  const v = useContext(Ctx);
  if (!v) throw new Error("useRunData outside RunDataProvider");
  return v;
}
