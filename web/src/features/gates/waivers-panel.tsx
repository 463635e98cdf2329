import { Alert, Button, Card, Group, NumberInput, Select, Stack, Table, Text, TextInput, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useRunWrite } from "../../api/queries.ts";
import { formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { asList, roleTitle } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";
import { useServerNow } from "../../shell/use-now.ts";

const HOUR_MS = 3_600_000;

/** Grants a waiver under one of the runbook's policies; the engine decides, and says why not. */
function GrantForm() {
  const { t, locale } = useI18n();
  const { runId, runbook, status, tz } = useRunData();
  const write = useRunWrite(runId);
  const now = useServerNow(status.status.now, status.receivedAt);
  const policies = runbook.runbook.waivers;
  const [policyId, setPolicyId] = useState(policies[0]?.id ?? "");
  const policy = policies.find((p) => p.id === policyId);
  const [target, setTarget] = useState(policy?.targets[0] ?? "");
  const [reason, setReason] = useState("");
  const [hours, setHours] = useState<number>(24);
  const [granted, setGranted] = useState<string | null>(null);
  if (!policy) return <Text size="sm">{t("waivers.noPolicy")}</Text>;
  const expires = new Date(now + hours * HOUR_MS).toISOString();
  const choosePolicy = (id: string | null) => {
    const next = policies.find((p) => p.id === id);
    if (!next) return;
    setPolicyId(next.id);
    setTarget(next.targets[0] ?? "");
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setGranted(null);
    write.mutate(
      { path: "/waivers", body: { policy: policy.id, target, expires, reason: reason.trim() } },
      {
        onSuccess: (r) => {
          setGranted((r as { id: string }).id);
          setReason("");
        },
      },
    );
  };
  return (
    <form onSubmit={submit} data-testid="waiver-form">
      <Stack gap="xs">
        <Title order={3} size="h5">
          {t("waivers.grant")}
        </Title>
        <Group align="flex-end" wrap="wrap">
          <Select label={t("waivers.policy")} value={policy.id} onChange={choosePolicy} allowDeselect={false} data={policies.map((p) => ({ value: p.id, label: `${p.id} · ${p.title}` }))} data-testid="waiver-policy" w={320} />
          <Select label={t("waivers.target")} value={target} onChange={(v) => v && setTarget(v)} allowDeselect={false} data={policy.targets} data-testid="waiver-target" w={220} />
          <NumberInput label={t("waivers.hours")} value={hours} onChange={(v) => setHours(typeof v === "number" ? v : Number(v) || 0)} min={1} allowDecimal={false} w={140} data-testid="waiver-hours" />
        </Group>
        <Text size="sm" c="dimmed">
          {t("waivers.limits", { grantors: asList(policy.grantors).map((g) => roleTitle(runbook.runbook, g)).join(", "), max: policy.max_duration })} ·{" "}
          {t("waivers.expiresAt", { at: formatDateTime(expires, tz, locale) })}
        </Text>
        <TextInput label={t("waivers.reason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required data-testid="waiver-reason" />
        <Button type="submit" loading={write.isPending} w="fit-content" data-testid="waiver-submit">
          {t("waivers.submit")}
        </Button>
        {granted && (
          <Alert color="green" variant="light" data-testid="waiver-granted">
            {t("waivers.granted", { id: granted })}
          </Alert>
        )}
        <div data-testid="waiver-refused">
          <ErrorAlert error={write.error} />
        </div>
      </Stack>
    </form>
  );
}

/** The run's waivers, active and expired, and (for writers) the form to grant one. */
export function WaiversPanel() {
  const { t, locale } = useI18n();
  const { status, tz, canWrite } = useRunData();
  const waivers = status.status.waivers;
  return (
    <Card withBorder data-testid="waivers">
      <Stack>
        <Title order={2} size="h3">
          {t("waivers.title")}
        </Title>
        {waivers.length === 0 ? (
          <Text size="sm">{t("waivers.none")}</Text>
        ) : (
          <div className="table-wrap">
            <Table fz="sm" data-testid="waivers-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("common.id")}</Table.Th>
                  <Table.Th>{t("waivers.target")}</Table.Th>
                  <Table.Th>{t("waivers.by")}</Table.Th>
                  <Table.Th>{t("waivers.until")}</Table.Th>
                  <Table.Th>{t("common.state")}</Table.Th>
                  <Table.Th>{t("waivers.reason")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {waivers.map((w) => (
                  <Table.Tr key={w.id} data-testid={`waiver-${w.id}`} data-state={w.state}>
                    <Table.Td data-user-text>{w.id}</Table.Td>
                    <Table.Td>{w.target}</Table.Td>
                    <Table.Td data-user-text>{w.by}</Table.Td>
                    <Table.Td>{formatDateTime(w.expires, tz, locale)}</Table.Td>
                    <Table.Td>
                      <StateBadge state={w.state} />
                    </Table.Td>
                    <Table.Td data-user-text>{w.reason}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
        {canWrite && <GrantForm />}
      </Stack>
    </Card>
  );
}
