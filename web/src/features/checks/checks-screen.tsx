import { Badge, Button, Card, Group, List, Stack, Text, Title } from "@mantine/core";
import { useRunWrite } from "../../api/queries.ts";
import type { CheckResultFact } from "../../api/types.ts";
import { sayCause } from "../../../../src/core/text/causes.ts";
import { formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { StateBadge } from "../../shell/state-badge.tsx";
import { HistoryChart } from "./history-chart.tsx";

const HISTORY = 30;

/** Checks: latest result with each condition and its observed value, history chart, run now. */
export default function ChecksScreen() {
  const { t, locale, lang } = useI18n();
  const { runId, status, detail, tz, canWrite } = useRunData();
  const write = useRunWrite(runId);
  const history = new Map<string, CheckResultFact[]>();
  for (const f of detail.facts.checks) {
    const list = history.get(f.check) ?? [];
    list.push(f);
    history.set(f.check, list);
  }
  const running = write.isPending ? (write.variables.body as { checks?: string[] } | undefined)?.checks : undefined;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("checks.title")}
        </Title>
        {canWrite && (
          <Button onClick={() => write.mutate({ path: "/checks/run", body: {} })} loading={write.isPending && running === undefined} data-testid="run-all-checks">
            {t("checks.runAll")}
          </Button>
        )}
      </Group>
      <ErrorAlert error={write.error} />
      <div className="cards-wide">
        {status.status.checks.length === 0 && <EmptyState>{t("empty.checks")}</EmptyState>}
        {status.status.checks.map((c) => {
          const h = (history.get(c.id) ?? []).slice(-HISTORY);
          return (
            <Card withBorder key={c.id} data-testid={`check-${c.id}`} data-state={c.state}>
              <div className="row">
                <div className="row-main">
                  <Text fw={600} className="break">
                    {c.id}
                  </Text>
                  {c.title && <Text size="sm">{c.title}</Text>}
                </div>
                <div className="row-actions">
                  {c.advisory && <Badge variant="outline">{t("checks.advisory")}</Badge>}
                  {c.awaitingApproval && (
                    <Badge color="yellow" variant="light" data-testid="awaiting-approval">
                      {t("checks.awaitingApproval")}
                    </Badge>
                  )}
                  <Badge variant="outline" color="gray">
                    {c.kind}
                  </Badge>
                  <StateBadge state={c.state} />
                </div>
              </div>
              <Text size="xs" c="dimmed">
                {c.awaitingApproval ? t("checks.heldNote") : c.at ? t("checks.latest", { at: formatDateTime(c.at, tz, locale), ms: c.durationMs ?? 0 }) : t("checks.never")}
              </Text>
              {c.conditions.length > 0 && (
                <List size="sm" className="reasons" data-testid="conditions">
                  {c.conditions.map((cond) => (
                    <List.Item key={cond.source} data-outcome={cond.outcome}>
                      <Text span c={cond.outcome === "fail" ? "red" : cond.outcome === "pass" ? "green" : undefined} ff="monospace" size="sm">
                        {cond.text}
                      </Text>
                    </List.Item>
                  ))}
                </List>
              )}
              {c.error && (
                <Text size="sm" c="orange">
                  {t("checks.errorText", { error: sayCause(lang, c.error) })}
                </Text>
              )}
              <Group justify="space-between" align="flex-end" mt="xs">
                <HistoryChart results={h} label={t("checks.historyLabel", { count: h.length, check: c.id })} />
                {canWrite && !c.awaitingApproval && (
                  <Button size="xs" variant="light" loading={running?.includes(c.id)} disabled={write.isPending} onClick={() => write.mutate({ path: "/checks/run", body: { checks: [c.id] } })}>
                    {t("checks.runNow")}
                  </Button>
                )}
              </Group>
            </Card>
          );
        })}
      </div>
    </Stack>
  );
}
