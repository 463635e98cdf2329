import { Alert, Badge, Card, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import { formatCountdown, formatDateTime, formatMinutes, formatRelative, formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ForecastTile } from "../plan/forecast-tile.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { roleTitle } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";
import { useServerNow } from "../../shell/use-now.ts";
import { RunSettingsButton } from "../new-run/run-settings.tsx";
import { HypercareCard } from "./hypercare-card.tsx";
import { owesSomething, roleOwes, UNOWNED } from "../../../../src/core/engine/role-owes.ts";

function Countdown({ label, target, now, empty, testId }: { label: string; target: string | undefined; now: number; empty: string; testId: string }) {
  const { locale } = useI18n();
  const { tz } = useRunData();
  const ms = target ? Date.parse(target) - now : undefined;
  return (
    <Card withBorder data-testid={testId}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      {ms === undefined ? (
        <Text>{empty}</Text>
      ) : (
        <>
          <Text className="big-clock" c={ms < 0 ? "red" : undefined}>
            {ms < 0 ? "−" : ""}
            {formatCountdown(ms)}
          </Text>
          <Text size="sm">
            {formatTime(target, tz, locale)} · {formatRelative(ms, locale)}
          </Text>
        </>
      )}
    </Card>
  );
}

/** Run overview: go / no-go and why, clock and countdowns, incidents, what each role owes. */
export function OverviewScreen() {
  const { t, locale } = useI18n();
  const { status: payload, runbook, tz, myRoles } = useRunData();
  const s = payload.status;
  const now = useServerNow(s.now, payload.receivedAt);
  const nowIso = new Date(now).toISOString();
  const phases = s.timeline?.phases ?? [];
  const current = phases.find((p) => p.state === "running");
  const nextCheckpoint = phases.flatMap((p) => (p.checkpoint && p.checkpoint.decision === "pending" ? [p.checkpoint] : [])).find((c) => !c.at || Date.parse(c.at) >= now - 60_000);
  const openIncidents = s.incidents.filter((i) => i.state === "open");
  const owes = roleOwes(runbook.runbook, s, payload.items_page);
  const count = <T,>(xs: T[], ok: (x: T) => boolean) => t("overview.of", { done: xs.filter(ok).length, total: xs.length });
  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("overview.title")}
        </Title>
        <RunSettingsButton />
      </Group>
      {s.timeline?.fixForward && (
        <Alert color="orange" variant="filled" role="status" data-testid="fix-forward">
          {t("overview.fixForward")}
        </Alert>
      )}
      <div className="cards-wide">
        <Card withBorder data-testid="verdict-card">
          <Text className={`verdict verdict-${s.verdict}`} data-testid="verdict" data-verdict={s.verdict} aria-live="polite">
            {t(`verdict.${s.verdict}`)}
          </Text>
          <Text size="sm" fw={600} mt="xs">
            {t("verdict.reasons")}
          </Text>
          <ReasonList size="sm" data-testid="verdict-reasons" reasons={s.reasons.slice(0, 12)} />
          {s.reasons.length > 12 && <Text size="sm">… +{s.reasons.length - 12}</Text>}
        </Card>
        <Card withBorder data-testid="clock-card">
          <Text size="sm" c="dimmed">
            {t("overview.clock", { tz })}
          </Text>
          <Text className="big-clock" data-testid="clock">
            {formatTime(nowIso, tz, locale, true)}
          </Text>
          <Text size="sm">{formatDateTime(nowIso, tz, locale)}</Text>
          <Text size="sm" fw={600} mt="sm">
            {t("overview.currentPhase")}
          </Text>
          {current ? (
            <>
              <Group gap="xs">
                <Text>{current.title}</Text>
                {current.late && <Badge color="red">{t("timeline.late")}</Badge>}
              </Group>
              <Text size="sm">{t("overview.planned", { start: formatTime(current.plannedStart, tz, locale), end: formatTime(current.plannedEnd, tz, locale) })}</Text>
              <Text size="sm">{t("overview.actual", { start: formatTime(current.actualStart, tz, locale), end: formatTime(current.actualEnd, tz, locale) })}</Text>
              <Text size="sm" c={(current.slippageMinutes ?? 0) > 0 ? "red" : undefined}>
                {current.slippageMinutes ? t("overview.slip", { time: formatMinutes(current.slippageMinutes, locale) }) : t("overview.onTime")}
              </Text>
            </>
          ) : (
            <Text size="sm">{t("overview.noPhase")}</Text>
          )}
        </Card>
      </div>
      <div className="cards">
        <Countdown testId="next-checkpoint" label={nextCheckpoint ? `${t("overview.nextCheckpoint")}: ${nextCheckpoint.title}` : t("overview.nextCheckpoint")} target={nextCheckpoint?.at} now={now} empty={t("overview.noCheckpoint")} />
        <Countdown testId="rollback-deadline" label={t("overview.rollbackDeadline")} target={s.timeline?.rollbackDeadline} now={now} empty={t("overview.noDeadline")} />
        {s.forecast && <ForecastTile f={s.forecast} />}
        <Card withBorder>
          <Text size="sm" c="dimmed">
            {t("overview.summary")}
          </Text>
          <Table>
            <Table.Tbody>
              <Table.Tr>
                <Table.Td>{t("overview.gatesPassing")}</Table.Td>
                <Table.Td className="num">{count(s.gates, (g) => g.state === "passing" || g.state === "waived")}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t("overview.checksPassing")}</Table.Td>
                <Table.Td className="num">{count(s.checks, (c) => c.state === "pass" || c.state === "waived")}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t("overview.itemsDone")}</Table.Td>
                <Table.Td className="num">{payload.items_page ? (["done", "not_applicable", "waived"] as const).reduce((n, k) => n + (payload.items_page?.counts[k] ?? 0), 0) : count(s.items, (i) => i.state === "done" || i.state === "not_applicable" || i.state === "waived")}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Td>{t("overview.signoffsGiven")}</Table.Td>
                <Table.Td className="num">{count(s.signoffs, (x) => x.state === "given")}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        </Card>
      </div>
      {s.hypercare && <HypercareCard h={s.hypercare} now={now} />}
      <Card withBorder data-testid="open-incidents">
        <Title order={2} size="h4">
          {t("overview.incidents")}
        </Title>
        {openIncidents.length === 0 ? (
          <Text size="sm">{t("overview.noIncidents")}</Text>
        ) : (
          <List>
            {openIncidents.map((i) => (
              <List.Item key={i.id}>
                <Group gap="xs">
                  <Badge color="red">{i.severityTitle ?? i.severity}</Badge>
                  <Text>{i.title}</Text>
                  {i.nextUpdateDue && (
                    <Text size="sm" c={i.updateOverdue ? "red" : "dimmed"}>
                      {i.updateOverdue
                        ? t("incidents.updateOverdue", { time: formatTime(i.nextUpdateDue, tz, locale) })
                        : t("incidents.nextUpdate", { when: formatRelative(Date.parse(i.nextUpdateDue) - now, locale) })}
                    </Text>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        )}
      </Card>
      <Card withBorder data-testid="role-owes">
        <Title order={2} size="h4" mb="xs">
          {t("overview.owes")}
        </Title>
        <div className="table-wrap">
          <Table>
            <Table.Tbody>
              {owes.length === 0 && (
                <Table.Tr>
                  <Table.Td>{t("overview.owesNothing")}</Table.Td>
                </Table.Tr>
              )}
              {owes.map((o) => {
                const parts = [
                  o.itemCount ? t("overview.owesItems", { count: o.itemCount }) : "",
                  o.signoffs.length ? t("overview.owesSignoffs", { count: o.signoffs.length }) : "",
                  o.checkpoints.length ? t("overview.owesCheckpoints", { count: o.checkpoints.length }) : "",
                  o.attestations.length ? t("overview.owesAttestations", { count: o.attestations.length }) : "",
                  o.steps.length ? t("overview.owesSteps", { count: o.steps.length }) : "",
                ].filter(Boolean);
                // Optional items are shown apart: they never make a role owe, nor read as done.
                const optional = o.optionalCount ? (
                  <Text span size="sm" c="dimmed" data-testid="owes-optional">
                    {" "}
                    {t("overview.owesOptional", { count: o.optionalCount })}
                  </Text>
                ) : null;
                return (
                  <Table.Tr key={o.role}>
                    <Table.Th scope="row">
                      {o.role === UNOWNED ? t("overview.owesUnowned") : roleTitle(runbook.runbook, o.role)}
                      {myRoles.has(o.role) ? ` ${t("overview.mine")}` : ""}
                    </Table.Th>
                    <Table.Td>
                      {owesSomething(o) ? parts.join(" · ") : <StateBadge state="done" />}
                      {optional}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </div>
      </Card>
    </Stack>
  );
}
