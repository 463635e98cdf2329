import { Badge, Button, Card, Group, List, Select, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { useState, type FormEvent } from "react";
import { useRunWrite } from "../../api/queries.ts";
import type { IncidentFact, IncidentStatus } from "../../api/types.ts";
import { formatDateTime, formatRelative, formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { StateBadge } from "../../shell/state-badge.tsx";
import { useServerNow } from "../../shell/use-now.ts";

/** The runbook's status-update template with the incident's facts filled in. */
export function fillTemplate(template: string, fields: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => fields[k] ?? m);
}

function OpenIncidentForm() {
  const { t } = useI18n();
  const { runId, runbook } = useRunData();
  const write = useRunWrite(runId);
  const severities = runbook.runbook.incidents?.severities ?? [];
  const [title, setTitle] = useState("");
  const [severity, setSeverity] = useState<string | null>(severities[0]?.id ?? null);
  const [impact, setImpact] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!title.trim() || !severity) return;
    write.mutate({ path: "/incidents", body: { title: title.trim(), severity, ...(impact.trim() ? { impact: impact.trim() } : {}) } }, { onSuccess: () => { setTitle(""); setImpact(""); } });
  };
  return (
    <Card withBorder>
      <form onSubmit={submit}>
        <Stack gap="xs">
          <Title order={3} size="h5">
            {t("incidents.open")}
          </Title>
          <TextInput label={t("incidents.incidentTitle")} required value={title} onChange={(e) => setTitle(e.currentTarget.value)} data-testid="incident-title" />
          {severities.length > 0 ? (
            <Select label={t("incidents.severity")} value={severity} onChange={setSeverity} allowDeselect={false} data={severities.map((s) => ({ value: s.id, label: `${s.id} · ${s.title}` }))} />
          ) : (
            <TextInput label={t("incidents.severity")} required value={severity ?? ""} onChange={(e) => setSeverity(e.currentTarget.value)} />
          )}
          <TextInput label={t("incidents.impact")} value={impact} onChange={(e) => setImpact(e.currentTarget.value)} />
          <ErrorAlert error={write.error} />
          <Button type="submit" color="red" w="fit-content" loading={write.isPending} data-testid="incident-submit">
            {t("incidents.submit")}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

function IncidentCard({ inc, fact, now }: { inc: IncidentStatus; fact: IncidentFact | undefined; now: number }) {
  const { t, locale } = useI18n();
  const { runId, runbook, tz, canWrite } = useRunData();
  const write = useRunWrite(runId);
  const [text, setText] = useState("");
  const template = runbook.runbook.incidents?.template;
  const filled = template
    ? fillTemplate(template, {
        title: inc.title,
        severity: inc.severityTitle ?? inc.severity,
        status: fact?.status ?? inc.state,
        start: formatDateTime(inc.openedAt, tz, locale),
        impact: fact?.impact ?? "—",
        eta: fact?.eta ?? "—",
        next_update: inc.nextUpdateDue ? formatTime(inc.nextUpdateDue, tz, locale) : "—",
      })
    : undefined;
  return (
    <Card withBorder data-testid={`incident-${inc.id}`}>
      <Group gap="xs">
        <Badge color="red">{inc.severityTitle ?? inc.severity}</Badge>
        <Text fw={600}>{inc.title}</Text>
        <StateBadge state={inc.state} />
        {inc.blocksGo && <Badge color="red" variant="outline">{t("incidents.blocksGo")}</Badge>}
      </Group>
      <Text size="xs" c="dimmed">
        {t("incidents.openedBy", { by: fact?.opened_by ?? "—", at: formatDateTime(inc.openedAt, tz, locale) })}
      </Text>
      {inc.state === "open" && inc.nextUpdateDue && (
        <Text size="sm" fw={600} c={inc.updateOverdue ? "red" : "orange"} data-testid="next-update">
          {inc.updateOverdue ? t("incidents.updateOverdue", { time: formatTime(inc.nextUpdateDue, tz, locale) }) : t("incidents.nextUpdate", { when: formatRelative(Date.parse(inc.nextUpdateDue) - now, locale) })}
        </Text>
      )}
      {fact && fact.updates.length > 0 && (
        <List size="sm" className="reasons">
          {fact.updates.map((u) => (
            <List.Item key={`${u.at}:${u.by}`}>
              {formatTime(u.at, tz, locale)} · {u.by}: {u.text}
            </List.Item>
          ))}
        </List>
      )}
      {filled && (
        <>
          <Text size="sm" fw={600} mt="xs">
            {t("incidents.template")}
          </Text>
          <pre className="pre" data-testid="status-template">
            {filled}
          </pre>
        </>
      )}
      {canWrite && inc.state === "open" && (
        <Group gap="xs" align="flex-end" mt="xs">
          <Textarea label={t("incidents.updateText")} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={1} style={{ flex: 1 }} />
          <Button size="xs" disabled={!text.trim()} loading={write.isPending} onClick={() => write.mutate({ path: `/incidents/${encodeURIComponent(inc.id)}/updates`, body: { text: text.trim() } }, { onSuccess: () => setText("") })}>
            {t("incidents.postUpdate")}
          </Button>
          <Button size="xs" variant="light" color="green" loading={write.isPending} onClick={() => write.mutate({ path: `/incidents/${encodeURIComponent(inc.id)}/resolve` })}>
            {t("incidents.resolve")}
          </Button>
        </Group>
      )}
      <ErrorAlert error={write.error} />
    </Card>
  );
}

/** Incidents: open one with a severity, cadence reminders, updates, the filled status template. */
export function IncidentsPanel() {
  const { t } = useI18n();
  const { status, detail, canWrite } = useRunData();
  const now = useServerNow(status.status.now, status.receivedAt);
  const facts = new Map(detail.facts.incidents.map((f) => [f.id, f]));
  const incidents = [...status.status.incidents].sort((a, b) => (a.state === b.state ? b.openedAt.localeCompare(a.openedAt) : a.state === "open" ? -1 : 1));
  return (
    <Stack>
      <Title order={2} size="h3">
        {t("incidents.title")}
      </Title>
      {canWrite && <OpenIncidentForm />}
      {incidents.length === 0 && <Text>{t("incidents.none")}</Text>}
      {incidents.map((i) => (
        <IncidentCard key={i.id} inc={i} fact={facts.get(i.id)} now={now} />
      ))}
    </Stack>
  );
}
