import { Button, Group, Stack, Table, Text, Title } from "@mantine/core";
import type { ReactNode } from "react";
import { formatDateTime, formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { roleTitle } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";
import { CriterionLabel } from "../overview/hypercare-card.tsx";

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="report-section">
      <Title order={2} size="h4" mt="md" mb="xs">
        {title}
      </Title>
      <div className="table-wrap">{children}</div>
    </section>
  );
}

function Rows({ head, rows }: { head: string[]; rows: ReactNode[][] }) {
  return (
    <Table fz="sm" withTableBorder>
      <Table.Thead>
        <Table.Tr>
          {head.map((h) => (
            <Table.Th key={h}>{h}</Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rows.map((r, i) => (
          <Table.Tr key={i}>
            {r.map((c, j) => (
              <Table.Td key={j}>{c}</Table.Td>
            ))}
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

/** The go-live report: the whole run on one page, laid out for printing. */
export default function ReportScreen() {
  const { t, locale } = useI18n();
  const { status, detail, runbook, tz } = useRunData();
  const s = status.status;
  const dt = (iso: string | undefined) => formatDateTime(iso, tz, locale);
  return (
    <Stack gap={0} className="report">
      <Group justify="space-between" className="no-print">
        <Title order={1} size="h2">
          {t("report.title")}
        </Title>
        <Button onClick={() => window.print()}>{t("report.print")}</Button>
      </Group>
      <Title order={1} size="h3" className="report-only">
        {t("report.title")}
      </Title>
      <Text fw={600}>{s.runbook.title}</Text>
      <Text size="sm">
        {detail.name} · {t("report.generated", { at: dt(s.now) })} · {tz}
      </Text>
      <Text className={`verdict verdict-${s.verdict}`} mt="sm">
        {t(`verdict.${s.verdict}`)}
      </Text>
      <ReasonList size="sm" reasons={s.reasons} />
      {s.gates.length > 0 && (
        <Section title={t("gates.title")}>
          <Rows head={[t("common.id"), t("common.title"), t("common.state")]} rows={s.gates.map((g) => [g.id, g.title, <StateBadge key="s" state={g.state} />])} />
        </Section>
      )}
      {s.waves.length > 0 && (
        <Section title={t("waves.title")}>
          <Rows head={[t("common.id"), t("common.title"), t("common.state"), t("report.openedAt")]} rows={s.waves.map((w) => [w.id, w.title, <StateBadge key="s" state={w.state} />, dt(w.openedAt)])} />
        </Section>
      )}
      {s.signoffs.length > 0 && (
        <Section title={t("nav.signoffs")}>
          <Rows
            head={[t("common.id"), t("common.title"), t("signoffs.role"), t("common.state"), t("signoffs.signers")]}
            rows={s.signoffs.map((x) => [x.id, x.title, roleTitle(runbook.runbook, x.role), <StateBadge key="s" state={x.state} />, x.signers.map((g) => `${g.by} (${dt(g.at)})`).join(", ")])}
          />
        </Section>
      )}
      {s.steps.length > 0 && (
        <Section title={t("nav.steps")}>
          <Rows head={[t("common.id"), t("common.title"), t("common.state"), t("audit.actor"), t("audit.at")]} rows={s.steps.map((x) => [x.id, x.title, <StateBadge key="s" state={x.state} />, x.by ?? "", dt(x.endedAt ?? x.startedAt)])} />
        </Section>
      )}
      {(s.timeline?.phases.length ?? 0) > 0 && (
        <Section title={t("nav.timeline")}>
          <Rows
            head={[t("common.title"), t("timeline.planned"), t("timeline.actual"), t("timeline.checkpoint")]}
            rows={(s.timeline?.phases ?? []).map((p) => [
              p.title,
              `${formatTime(p.plannedStart, tz, locale)} – ${formatTime(p.plannedEnd, tz, locale)}`,
              `${formatTime(p.actualStart, tz, locale)} – ${formatTime(p.actualEnd, tz, locale)}`,
              p.checkpoint ? <StateBadge key="s" state={p.checkpoint.decision} /> : "",
            ])}
          />
        </Section>
      )}
      <Section title={t("nav.checks")}>
        <Rows head={[t("common.id"), t("common.state"), t("audit.at"), t("waves.measured")]} rows={s.checks.map((c) => [c.id, <StateBadge key="s" state={c.state} />, dt(c.at), c.conditions.map((x) => x.text).join("; ") || c.error || ""])} />
      </Section>
      {s.incidents.length > 0 && (
        <Section title={t("incidents.title")}>
          <Rows head={[t("common.title"), t("incidents.severity"), t("common.state"), t("audit.at")]} rows={s.incidents.map((i) => [i.title, i.severityTitle ?? i.severity, <StateBadge key="s" state={i.state} />, dt(i.openedAt)])} />
        </Section>
      )}
      {s.hypercare && (
        <Section title={t("hypercare.title")}>
          <Text size="sm" data-testid="report-hypercare">
            <StateBadge state={s.hypercare.state} /> {s.hypercare.startedAt && t("hypercare.started", { at: dt(s.hypercare.startedAt) })}
            {s.hypercare.endsAt && ` · ${t("hypercare.ends", { at: dt(s.hypercare.endsAt) })}`}
            {s.hypercare.closedAt && s.hypercare.closedBy && ` · ${t("hypercare.closedBy", { by: s.hypercare.closedBy, at: dt(s.hypercare.closedAt) })}`}
            {s.hypercare.comment ? ` — ${s.hypercare.comment}` : ""}
          </Text>
          <Rows
            head={[t("hypercare.criteria"), t("common.state")]}
            rows={s.hypercare.criteria.map((c) => [<CriterionLabel key="c" c={c} needMs={s.hypercare?.greenForMs} />, <StateBadge key="s" state={c.met ? "met" : "not_met"} />])}
          />
          <Text size="sm">
            {s.hypercare.incidents.length
              ? `${t("hypercare.incidents")}: ${s.hypercare.incidents.map((id) => s.incidents.find((i) => i.id === id)).filter((i) => i !== undefined).map((i) => `${i.severity} ${i.title}`).join("; ")}`
              : t("hypercare.noIncidents")}
          </Text>
        </Section>
      )}
      {s.waivers.length > 0 && (
        <Section title={t("report.waivers")}>
          <Rows head={[t("common.id"), t("common.state"), t("audit.actor")]} rows={s.waivers.map((w) => [`${w.id} → ${w.target}`, <StateBadge key="s" state={w.state} />, `${w.by}: ${w.reason}`])} />
        </Section>
      )}
    </Stack>
  );
}
