import { commandProvider } from "./command/provider.js";
import { dnsProvider } from "./dns/provider.js";
import { httpProvider } from "./http/provider.js";
import { loadProvider } from "./load/provider.js";
import { prometheusProvider } from "./prometheus/provider.js";
import { sqlProvider } from "./sql/provider.js";
import { tcpProvider } from "./tcp/provider.js";
import { tlsProvider } from "./tls/provider.js";
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
};
