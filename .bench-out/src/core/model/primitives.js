import { z } from "zod";
/** An id referenced across the file: letters, digits, `-`, `_`, `.`, `[`, `]` (G-1, W1, 9a, svc-image[iam]). */
export const Id = z
    .string()
    .regex(/^[\p{L}\p{N}][\p{L}\p{N}_.\-[\]]*$/u, "an id: letters, digits, '-', '_', '.' (e.g. G-1, W1, 9a)")
    .describe("An identifier, unique within its kind, used in references.");
export const Text = z.string().min(1, "a non-empty text");
/** A duration such as `30s`, `5m`, `2h`, `7d`, `1h30m`. */
export const DurationText = z
    .string()
    .regex(/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/, "a duration such as 30s, 5m, 2h, 7d or 1h30m")
    .describe("A duration: a number with unit ms, s, m, h, d or w; parts may be combined (1h30m).");
/** A clock time `HH:MM` on the runbook's date, in the runbook's time zone. */
export const ClockTime = z
    .string()
    .regex(/^([01]?\d|2[0-3]):[0-5]\d$/, "a clock time HH:MM (24 h), e.g. 06:30")
    .describe("A clock time HH:MM in the runbook's time zone.");
/** When something is due: a clock time, a duration after the run's go-live moment (`+30m`), or an ISO date-time. */
export const DueText = z
    .string()
    .regex(/^(([01]?\d|2[0-3]):[0-5]\d|\+(\d+(\.\d+)?(ms|s|m|h|d|w))+|\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})?)?)$/, "a clock time (06:30), a duration after go-live (+30m, +2h, +24h) or an ISO date (2026-05-28 or 2026-05-28T06:00+07:00)")
    .describe("Due: HH:MM on the runbook date, +DURATION after go-live, or an ISO date/date-time.");
export const IsoDate = z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date YYYY-MM-DD")
    .describe("A calendar date YYYY-MM-DD.");
export const IdList = z.array(Id).default([]);
/** References to things that must pass first. */
export const Requires = z
    .strictObject({
    items: IdList.describe("Checklist items that must be done."),
    checks: IdList.describe("Checks that must pass."),
    gates: IdList.describe("Gates that must pass."),
    waves: IdList.describe("Waves whose exit criteria must hold."),
    criteria: IdList.describe("Wave exit criteria that must hold."),
    signoffs: IdList.describe("Sign-offs that must be given."),
})
    .describe("Prerequisites by id.");
export const Link = z.strictObject({
    title: Text,
    url: z.string().min(1),
});
