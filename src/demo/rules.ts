/**
 * Seed 000's alert rules: the five of G-7 (success_rate, outage_active, dlq_count,
 * reconciliation_miss, webhook_error_rate) and the three of E7.1, verbatim.
 */
export const PANCAKE_RULES = `
groups:
  - name: pancake_crm_integration
    rules:
      - alert: success_rate
        expr: sum(rate(pancake_webhook_requests_total{status="200"}[30m])) / sum(rate(pancake_webhook_requests_total[30m])) < 0.995
        for: 15m
        labels: { severity: critical, team: pancake }
        annotations: { summary: "Pancake event success rate < 99.5%" }
      - alert: outage_active
        expr: up{job="webhook"} == 0
        for: 5m
        labels: { severity: critical, team: pancake }
        annotations: { summary: "Pancake webhook service down" }
      - alert: dlq_count
        expr: increase(pancake_dead_letter_total[1h]) > 100
        labels: { severity: warning, team: pancake }
        annotations: { summary: "More than 100 dead-letter events in an hour" }
      - alert: reconciliation_miss
        expr: pancake_reconciliation_missing_events > 5
        labels: { severity: warning, team: pancake }
        annotations: { summary: "Cron 7 reconciliation found missing events" }
      - alert: webhook_error_rate
        expr: sum(rate(pancake_webhook_requests_total{status=~"5.."}[5m])) / sum(rate(pancake_webhook_requests_total[5m])) > 0.05
        for: 5m
        labels: { severity: critical, team: pancake }
        annotations: { summary: "Pancake webhook 5xx rate > 5%" }
      - alert: PancakeEventProcessLatencyHigh
        expr: histogram_quantile(0.95, rate(pancake_event_process_duration_seconds_bucket[5m])) > 30
        for: 10m
        labels: { severity: critical, team: pancake }
        annotations:
          summary: "Pancake event process p95 > 30s (SLO breach)"
          description: "{{ $value }}s — vượt target ≤30s. Check DB lock, Hasura, network."
          runbook_url: "https://docs.diva.com.vn/runbook/pancake-latency-high"
      - alert: PancakeWebhookLatencyP99High
        expr: histogram_quantile(0.99, rate(pancake_webhook_latency_seconds_bucket[5m])) > 2
        for: 5m
        labels: { severity: critical, team: pancake }
        annotations:
          summary: "Pancake webhook p99 latency > 2s"
          description: "Tail latency. Check DB connection pool saturation."
      - alert: PancakeCircuitBreakerOpenLong
        expr: pancake_circuit_breaker_state{name="pancake_rest"} == 2
        for: 30m
        labels: { severity: critical, team: pancake }
        annotations:
          summary: "Pancake REST circuit breaker open > 30 phút"
          description: "Source sync stopped. New Pancake sources không detect được."
`;

/** Seed 001's alert rules: service down, high error rate, high latency, DB pool, disk, memory. */
export const GOODGO_RULES = `
groups:
  - name: goodgo
    rules:
      - alert: GoodGoServiceDown
        expr: up == 0
        for: 1m
        labels: { severity: critical }
      - alert: GoodGoHighErrorRate
        expr: sum by (service) (rate(http_server_requests_total{code=~"5.."}[5m])) / sum by (service) (rate(http_server_requests_total[5m])) > 0.01
        for: 5m
        labels: { severity: critical }
      - alert: GoodGoHighLatency
        expr: histogram_quantile(0.95, sum by (service, le) (rate(http_server_request_duration_seconds_bucket[5m]))) > 0.5
        for: 10m
        labels: { severity: warning }
      - alert: GoodGoDbPoolSaturated
        expr: npgsql_connection_pool_utilization_ratio > 0.8
        for: 5m
        labels: { severity: warning }
      - alert: GoodGoDiskAlmostFull
        expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.1
        for: 10m
        labels: { severity: warning }
      - alert: GoodGoMemoryHigh
        expr: container_memory_working_set_bytes / container_spec_memory_limit_bytes > 0.9
        for: 5m
        labels: { severity: warning }
`;
