import { z } from "zod";
import { DurationText, Id, IdList } from "./primitives.js";
// Hypercare: the watched period after go-live. It starts at the run's go-live moment (or when a
// named wave, step, task or phase is over), lasts `duration` (plus recorded extensions) and is
// closed by one of its owners only when the period has elapsed, every exit criterion holds and
// the required sign-offs are given.
const RoleList = z.union([Id, z.array(Id)]);
export const HypercareStart = z
    .strictObject({
    kind: z.enum(["wave", "step", "task", "phase"]).describe("A wave closed (a pilot's last wave), a deploy step done, a timeline task or phase ended."),
    id: Id,
})
    .describe("What hypercare starts after; without it, at the run's go-live moment.");
export const HypercareIncidents = z
    .strictObject({
    no_open: IdList.describe("Severities of which no incident may be open at exit (e.g. [P0, P1])."),
    none_opened: IdList.describe("Severities of which no incident may have opened during hypercare (e.g. [P1, P2])."),
})
    .describe("Incident rules of the exit.");
export const HypercareExit = z
    .strictObject({
    green_for: DurationText.optional().describe("How long the checks and windows' thresholds must have passed without a break."),
    windows: IdList.describe("Monitoring windows whose metrics' checks (target and alert) must stay green."),
    checks: IdList.describe("More checks that must stay green."),
    items: IdList.describe("Checklist items that must be done (the end-of-day checklist)."),
    incidents: HypercareIncidents.prefault({}),
    signoffs: IdList.describe("Sign-offs that must be given before hypercare may close."),
})
    .describe("Hypercare ends after all thresholds of these windows stay green this long.");
export const Hypercare = z
    .strictObject({
    duration: DurationText.optional().describe("How long hypercare lasts from its start (24h, 2w)."),
    starts_after: HypercareStart.optional(),
    owners: RoleList.optional().describe("Roles that may close or extend hypercare (default: the sign-offs' roles, else nobody)."),
    exit: HypercareExit.optional(),
    early_exit: z.boolean().default(false).describe("May close before the period has elapsed once the exit criteria hold."),
    description: z.string().optional(),
})
    .describe("The hypercare period after go-live and its exit rule.");
