import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
/** The server's Prometheus metrics, in a registry of its own (several apps may share a process). */
export class ServerMetrics {
    registry = new Registry();
    requests = new Counter({ name: "golive_http_requests_total", help: "HTTP requests by method, route and status.", labelNames: ["method", "route", "status"], registers: [this.registry] });
    duration = new Histogram({ name: "golive_http_request_duration_seconds", help: "HTTP request duration.", labelNames: ["method", "route"], buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [this.registry] });
    checkRuns = new Counter({ name: "golive_check_runs_total", help: "Check runs by outcome.", labelNames: ["outcome"], registers: [this.registry] });
    sseClients = new Gauge({ name: "golive_sse_clients", help: "Connected server-sent-events clients.", registers: [this.registry] });
    constructor(opts = {}) {
        if (opts.defaults)
            collectDefaultMetrics({ register: this.registry, prefix: "golive_" });
    }
}
