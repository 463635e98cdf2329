import type { FastifyRequest } from "fastify";
import type { CheckConfigPolicy } from "../checks/check-policy.ts";
import type { Store } from "../store/store.ts";
import type { ChangeFeed } from "./feed.ts";
import type { ServerMetrics } from "./metrics.ts";
import type { RunService } from "./runs.ts";
import type { CheckService } from "./checks-service.ts";
import type { CheckSchedule } from "./check-schedule.ts";
import type { RunNow } from "./run-now.ts";
import type { JobQueue } from "../jobs/queue.ts";
import type { Notifier } from "./notify/notifier.ts";
import type { PrincipalCache } from "./auth/principal-cache.ts";
import type { Clock } from "./clock.ts";
import type { Principal } from "./principal.ts";

export { systemClock, type Clock } from "./clock.ts";
export type { Principal } from "./principal.ts";

/** What every route plugin gets. */
export interface ServerContext {
  store: Store;
  clock: Clock;
  runs: RunService;
  feed: ChangeFeed;
  metrics: ServerMetrics;
  checks: CheckService;
  /** Background jobs: pg-boss on PostgreSQL (shared by every instance), in-process on the embedded store. */
  jobs: JobQueue;
  /** Scheduled checks, sent and run through `jobs` (started by `golive serve`). */
  schedule: CheckSchedule;
  /** "Run now", through the job queue. */
  runNow: RunNow;
  notifier: Notifier;
  principals: PrincipalCache;
  /** What uploaded runbooks' checks may use (exposed variables, readable files). */
  checkPolicy: CheckConfigPolicy;
  /** Whether cookies get `Secure` and responses HSTS (served over TLS or behind a TLS proxy). */
  secure: boolean;
}

/**
 * Which role may call a route: `public` anyone; `read` any account or token; `write` editors and
 * admins (write tokens; sessions also send the CSRF token); `admin` admins only.
 */
export type Access = "public" | "read" | "write" | "admin";

/**
 * Who may act through a route, besides the role (docs/security.md#people-and-tokens): `any` a
 * person signed in or an API token of a fitting account and scope (what pipelines do: read
 * status and gates, record steps, post alerts and results); `person` only a person signed in with
 * a session (and its CSRF token), never an API token whatever its account's role or its scope:
 * account, role and token management, command approvals and their withdrawal, sign-offs, waivers,
 * checkpoint and hypercare decisions, attestations. A leaked CI token is not a person.
 */
export type Actor = "any" | "person";

declare module "fastify" {
  interface FastifyContextConfig {
    access?: Access;
    /** Required on every route that is not `public`. */
    actor?: Actor;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

/** The caller; routes past the access check always have one. */
export function principalOf(req: FastifyRequest): Principal {
  if (!req.principal) throw new Error("route without access control reached a handler");
  return req.principal;
}
