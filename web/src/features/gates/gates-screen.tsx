import { Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { useRunWrite } from "../../api/queries.ts";
import type { WaveStatus } from "../../api/types.ts";
import { formatCountdown, formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { ReasonList, useSayReason } from "../../shell/reason-text.tsx";
import { RequiresList } from "../../shell/requires-list.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { asList, roleTitle } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";
import { AttestForm } from "./attest-form.tsx";
import { WaiversPanel } from "./waivers-panel.tsx";
import { useServerNow } from "../../shell/use-now.ts";

function WaveCard({ wave, next, now }: { wave: WaveStatus; next: boolean; now: number }) {
  const { t, locale } = useI18n();
  const { runId, tz, canWrite, status } = useRunData();
  const write = useRunWrite(runId);
  const say = useSayReason();
  const soakLeft = wave.soakEndsAt ? Date.parse(wave.soakEndsAt) - now : undefined;
  return (
    <Card withBorder data-testid={`wave-${wave.id}`}>
      <Group justify="space-between">
        <Title order={3} size="h5">
          {wave.id} · {wave.title}
        </Title>
        <StateBadge state={wave.state} />
      </Group>
      {wave.openedAt && <Text size="sm">{t("waves.opened", { at: formatDateTime(wave.openedAt, tz, locale) })}</Text>}
      {soakLeft !== undefined && wave.state === "open" && <Text size="sm">{soakLeft > 0 ? t("waves.soakLeft", { time: formatCountdown(soakLeft) }) : t("waves.soakDone")}</Text>}
      <Text size="sm" fw={600} mt="xs">
        {t("waves.criteria")}
      </Text>
      <div className="table-wrap">
        <Table fz="sm">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("common.title")}</Table.Th>
              <Table.Th>{t("waves.target")}</Table.Th>
              <Table.Th>{t("waves.measured")}</Table.Th>
              <Table.Th>{t("common.state")}</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {wave.criteria.map((c) => (
              <Table.Tr key={c.id}>
                <Table.Td>{c.title}</Table.Td>
                <Table.Td>{c.target ?? "—"}</Table.Td>
                <Table.Td>{c.measured.length ? c.measured.map(say).join("; ") : "—"}</Table.Td>
                <Table.Td>
                  <StateBadge state={c.state} />
                </Table.Td>
                {canWrite && <Table.Td>{c.measuredBy === "attestation" && wave.state === "open" && <AttestForm criterion={c.id} />}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {next && (
        <Stack gap={4} mt="sm">
          <Button
            disabled={!canWrite || !wave.mayOpen}
            loading={write.isPending}
            onClick={() => write.mutate({ path: `/waves/${encodeURIComponent(wave.id)}/open`, body: { version: status.version } })}
            w="fit-content"
            data-testid="open-next-wave"
          >
            {t("waves.openNext")}: {wave.id}
          </Button>
          {!wave.mayOpen && wave.openBlockers.length > 0 && (
            <>
              <Text size="sm">{t("waves.cannotOpen")}</Text>
              <ReasonList size="sm" reasons={wave.openBlockers} />
            </>
          )}
          <ErrorAlert error={write.error} />
        </Stack>
      )}
    </Card>
  );
}

/** Gates with owner, state and why; waves with exit criteria and the "open next wave" action. */
export default function GatesScreen() {
  const { t } = useI18n();
  const { status, runbook } = useRunData();
  const s = status.status;
  const now = useServerNow(s.now, status.receivedAt);
  const owners = new Map(runbook.runbook.gates.map((g) => [g.id, asList(g.owner).map((o) => roleTitle(runbook.runbook, o)).join(", ")]));
  const next = s.waves.find((w) => w.state === "closed");
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("gates.title")}
      </Title>
      {s.gates.length === 0 && <EmptyState>{t("empty.gates")}</EmptyState>}
      <div className="table-wrap" hidden={s.gates.length === 0}>
        <Table striped data-testid="gates-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("common.id")}</Table.Th>
              <Table.Th>{t("common.title")}</Table.Th>
              <Table.Th>{t("gates.owner")}</Table.Th>
              <Table.Th>{t("gates.state")}</Table.Th>
              <Table.Th>{t("gates.requires")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {s.gates.map((g) => (
              <Table.Tr key={g.id} data-testid={`gate-${g.id}`}>
                <Table.Td fw={600} className="nowrap">
                  {g.id}
                </Table.Td>
                <Table.Td>{g.title}</Table.Td>
                <Table.Td>{owners.get(g.id) || "—"}</Table.Td>
                <Table.Td>
                  <StateBadge state={g.state} />
                </Table.Td>
                <Table.Td>
                  <RequiresList requires={g.requires} />
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      <Title order={2} size="h3">
        {t("waves.title")}
      </Title>
      {s.waves.length === 0 && <EmptyState>{t("empty.waves")}</EmptyState>}
      <div className="waves">
        {s.waves.map((w) => (
          <WaveCard key={w.id} wave={w} next={w.id === next?.id} now={now} />
        ))}
      </div>
      <WaiversPanel />
    </Stack>
  );
}
