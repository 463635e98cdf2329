import { commandProvider } from "./command/provider.ts";
import { dnsProvider } from "./dns/provider.ts";
import { httpProvider } from "./http/provider.ts";
import type { CheckKind } from "./kinds.ts";
import { loadProvider } from "./load/provider.ts";
import { prometheusProvider } from "./prometheus/provider.ts";
import type { Provider } from "./provider.ts";
import { sqlProvider } from "./sql/provider.ts";
import { tcpProvider } from "./tcp/provider.ts";
import { tlsProvider } from "./tls/provider.ts";

/** Kind -> provider: one list, checked by the compiler against every kind the format knows. */
export const providers = {
  http: httpProvider,
  tcp: tcpProvider,
  tls: tlsProvider,
  dns: dnsProvider,
  prometheus: prometheusProvider,
  sql: sqlProvider,
  command: commandProvider,
  load: loadProvider,
} satisfies Record<CheckKind, Provider>;
