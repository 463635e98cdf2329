import type { AlertmanagerPayload } from "../../core/alerts/alertmanager.ts";

type Alert = { name: string; fingerprint: string; severity?: string; status?: "firing" | "resolved" };
/** A webhook body as Alertmanager writes it for one group. */
export function amPayload(groupKey: string, status: "firing" | "resolved", alerts: Alert[], summary = "Checkout error rate above 5%"): AlertmanagerPayload {
  return {
    version: "4", groupKey, truncatedAlerts: 0, status, receiver: "golive",
    groupLabels: { alertname: alerts[0]?.name ?? "" }, commonLabels: { alertname: alerts[0]?.name ?? "" },
    commonAnnotations: { summary }, externalURL: "http://alertmanager.example:9093",
    alerts: alerts.map((a) => ({
      status: a.status ?? status, labels: { alertname: a.name, ...(a.severity ? { severity: a.severity } : {}) }, annotations: { summary },
      startsAt: "2026-05-28T07:00:00Z", endsAt: "0001-01-01T00:00:00Z", generatorURL: "http://prometheus.example/graph", fingerprint: a.fingerprint,
    })),
  };
}
