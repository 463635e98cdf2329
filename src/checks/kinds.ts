import type { CheckKinds } from "../core/model/check-kind.ts";
import { command } from "./command/config.ts";
import { dns } from "./dns/config.ts";
import { http } from "./http/config.ts";
import { load } from "./load/config.ts";
import { prometheus } from "./prometheus/config.ts";
import { sql } from "./sql/config.ts";
import { tcp } from "./tcp/config.ts";
import { tls } from "./tls/config.ts";

/** Every kind of check the runbook format knows, with its config schema and values. */
export const checkKinds = { http, tcp, tls, dns, prometheus, sql, command, load } satisfies CheckKinds;
export type CheckKind = keyof typeof checkKinds;
