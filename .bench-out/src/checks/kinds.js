import { command } from "./command/config.js";
import { dns } from "./dns/config.js";
import { http } from "./http/config.js";
import { load } from "./load/config.js";
import { prometheus } from "./prometheus/config.js";
import { sql } from "./sql/config.js";
import { tcp } from "./tcp/config.js";
import { tls } from "./tls/config.js";
/** Every kind of check the runbook format knows, with its config schema and values. */
export const checkKinds = { http, tcp, tls, dns, prometheus, sql, command, load };
