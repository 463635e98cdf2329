import { Button, Card, Group, List, Stack, Text, TextInput, Title } from "@mantine/core";
import { useState } from "react";
import { useRunWrite } from "../../api/queries.ts";
import type { HypercareCriterionStatus, HypercareStatus } from "../../api/types.ts";
import { formatCountdown, formatDateTime, formatSpan } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { roleTitle } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";

/** What a criterion is about, in the reader's language: the check, item or sign-off, or the incident rule. */
export function CriterionLabel({ c, needMs }: { c: HypercareCriterionStatus; needMs: number | undefined }) {
  const { t, locale } = useI18n();
  const severities = c.id.split(",").join(", ");
  if (c.kind === "no_open_incidents") return <>{t("hypercare.noOpen", { severities })}</>;
  if (c.kind === "no_incidents") return <>{t("hypercare.noneOpened", { severities })}</>;
  const kind = c.kind === "check" ? "kind.check" : c.kind === "item" ? "kind.item" : "kind.signoff";
  return (
    <>
      {t(kind)} {c.title ?? c.id}
      {c.window ? ` (${c.window})` : ""}
      {c.greenMs !== undefined && needMs ? ` · ${t("hypercare.greenFor", { time: formatSpan(c.greenMs, locale), need: formatSpan(needMs, locale) })}` : ""}
    </>
  );
}

/**
 * Hypercare after go-live: its clock (time left, ticking), each exit criterion with its state,
 * why it may not close yet, and, for its owners, the close and an extension with a reason.
 */
export function HypercareCard({ h, now }: { h: HypercareStatus; now: number }) {
  const { t, locale } = useI18n();
  const { runId, tz, canWrite, status, runbook, myRoles } = useRunData();
  const write = useRunWrite(runId);
  const [comment, setComment] = useState("");
  const [extendBy, setExtendBy] = useState("");
  const [reason, setReason] = useState("");
  const left = h.endsAt ? Date.parse(h.endsAt) - now : undefined;
  const owner = canWrite && h.owners.roles.some((r) => myRoles.has(r));
  const act = (action: "close" | "extend", body: Record<string, string>) =>
    write.mutate({ path: `/hypercare/${action}`, body: { version: status.version, ...body } }, { onSuccess: () => { setComment(""); setExtendBy(""); setReason(""); } });
  return (
    <Card withBorder data-testid="hypercare" data-state={h.state}>
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t("hypercare.title")}
        </Title>
        <StateBadge state={h.state} />
      </Group>
      {h.startedAt && h.state !== "closed" && (
        <div data-testid="hypercare-clock">
          <Text size="sm" c="dimmed">
            {t("hypercare.left")}
          </Text>
          {left === undefined ? (
            <Text>{t("hypercare.noDuration")}</Text>
          ) : (
            <Text className="big-clock">{left > 0 ? formatCountdown(left) : t("hypercare.elapsed")}</Text>
          )}
        </div>
      )}
      <Text size="sm">
        {h.startedAt && t("hypercare.started", { at: formatDateTime(h.startedAt, tz, locale) })}
        {h.endsAt && ` · ${t("hypercare.ends", { at: formatDateTime(h.endsAt, tz, locale) })}`}
      </Text>
      {h.closedAt && h.closedBy && (
        <Text fw={600} data-testid="hypercare-closed">
          {t("hypercare.closedBy", { by: h.closedBy, at: formatDateTime(h.closedAt, tz, locale) })}
          {h.comment ? ` — ${h.comment}` : ""}
        </Text>
      )}
      {h.extensions.map((e) => (
        <Text size="sm" key={`${e.by}${e.at}`}>
          {t("hypercare.extended", { by: e.by, at: formatDateTime(e.at, tz, locale), time: formatSpan(e.extendMs, locale) })}
          {e.comment ? ` — ${e.comment}` : ""}
        </Text>
      ))}
      {h.criteria.length > 0 && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t("hypercare.criteria")}
          </Text>
          <List size="sm" spacing={4} data-testid="hypercare-criteria">
            {h.criteria.map((c) => (
              <List.Item key={`${c.kind}:${c.id}`} data-met={c.met}>
                <Group gap="xs" wrap="nowrap">
                  <StateBadge state={c.met ? "met" : "not_met"} size="xs" />
                  <Text size="sm">
                    <CriterionLabel c={c} needMs={h.greenForMs} />
                  </Text>
                </Group>
                {!c.met && c.reasons.length > 0 && <ReasonList size="xs" c="dimmed" reasons={c.reasons.flatMap((r) => r.causes ?? [r]).slice(0, 2)} />}
              </List.Item>
            ))}
          </List>
        </>
      )}
      {h.startedAt && (
        <Text size="sm" mt="xs" data-testid="hypercare-incidents">
          {h.incidents.length
            ? `${t("hypercare.incidents")}: ${h.incidents.map((id) => { const i = status.status.incidents.find((x) => x.id === id); return i ? `${i.severity} ${i.title}` : id; }).join("; ")}`
            : t("hypercare.noIncidents")}
        </Text>
      )}
      {h.state === "not_started" && <ReasonList size="sm" data-testid="hypercare-reasons" reasons={h.reasons} />}
      <Text size="xs" c="dimmed" mt="xs">
        {t("hypercare.owners", { roles: h.owners.roles.map((r) => roleTitle(runbook.runbook, r)).join(", ") || "—" })}
      </Text>
      {owner && h.state !== "closed" && h.state !== "not_started" && (
        <Stack gap="xs" mt="xs">
          <Group gap="xs" align="flex-end">
            <TextInput size="xs" label={t("hypercare.comment")} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
            <Button size="xs" color="green" disabled={!h.mayClose} onClick={() => act("close", comment.trim() ? { comment: comment.trim() } : {})} loading={write.isPending} data-testid="hypercare-close">
              {h.mayClose ? t("hypercare.close") : t("hypercare.cannotClose")}
            </Button>
          </Group>
          <Group gap="xs" align="flex-end">
            <TextInput size="xs" w={110} label={t("hypercare.extendBy")} value={extendBy} onChange={(e) => setExtendBy(e.currentTarget.value)} />
            <TextInput size="xs" label={t("hypercare.reason")} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button size="xs" variant="light" disabled={!extendBy.trim() || !reason.trim()} onClick={() => act("extend", { extend_by: extendBy.trim(), comment: reason.trim() })} loading={write.isPending}>
              {t("hypercare.extend")}
            </Button>
          </Group>
        </Stack>
      )}
      <ErrorAlert error={write.error} />
    </Card>
  );
}
