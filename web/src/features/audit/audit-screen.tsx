import { Alert, Button, Group, Stack, Table, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useAudit, useAuditVerify } from "../../api/queries.ts";
import { formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { EmptyState } from "../../shell/empty-state.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";

function ChainState() {
  const { t } = useI18n();
  const { me } = useRunData();
  const admin = me.role === "admin";
  const verify = useAuditVerify(admin);
  if (!admin) return <Alert color="gray">{t("audit.chainAdminOnly")}</Alert>;
  if (verify.error) return <ErrorAlert error={verify.error} />;
  if (!verify.data) return null;
  const v = verify.data;
  return (
    <Group>
      <Alert color={v.ok ? "green" : "red"} data-testid="chain-state" data-ok={v.ok ? "yes" : "no"} style={{ flex: 1 }}>
        {v.ok ? t("audit.chainOk", { count: v.events }) : t("audit.chainBad", { seq: v.seq, reason: v.reason })}
      </Alert>
      <Button variant="default" onClick={() => void verify.refetch()} loading={verify.isFetching}>
        {t("audit.verify")}
      </Button>
    </Group>
  );
}

/** The run's audit events, filterable, with the hash chain's verification state. */
export default function AuditScreen() {
  const { t, locale } = useI18n();
  const { runId, tz } = useRunData();
  const audit = useAudit(runId);
  const [q, setQ] = useState("");
  const needle = q.trim().toLowerCase();
  const events = (audit.data ?? []).filter((e) => !needle || `${e.actor} ${e.action} ${e.subject}`.toLowerCase().includes(needle)).reverse();
  return (
    <Stack>
      <Title order={1} size="h2">
        {t("audit.title")}
      </Title>
      <ChainState />
      <TextInput label={t("audit.filter")} placeholder={t("audit.filterPlaceholder")} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={360} />
      <ErrorAlert error={audit.error} />
      <div className="table-wrap">
        <Table striped fz="sm" data-testid="audit-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t("audit.seq")}</Table.Th>
              <Table.Th>{t("audit.at")}</Table.Th>
              <Table.Th>{t("audit.actor")}</Table.Th>
              <Table.Th>{t("audit.action")}</Table.Th>
              <Table.Th>{t("audit.subject")}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.map((e) => (
              <Table.Tr key={e.seq}>
                <Table.Td className="num">{e.seq}</Table.Td>
                <Table.Td className="nowrap">{formatDateTime(e.at, tz, locale, true)}</Table.Td>
                <Table.Td data-user-text>{e.actor}</Table.Td>
                <Table.Td ff="monospace">{e.action}</Table.Td>
                <Table.Td>{e.subject}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {audit.data && events.length === 0 && <EmptyState>{t("empty.audit")}</EmptyState>}
      </div>
    </Stack>
  );
}
