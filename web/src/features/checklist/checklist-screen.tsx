import { Badge, Button, Card, Group, SegmentedControl, Select, Stack, Text, Title } from "@mantine/core";
import { useMemo, useState } from "react";
import { useAllItems } from "../../api/queries.ts";
import type { ItemFact, ItemStatus } from "../../api/types.ts";
import { formatDateTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { useSayReason } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { roleTitle, sectionsOf, type ItemDef } from "../../shell/runbook-index.ts";
import { StateBadge } from "../../shell/state-badge.tsx";
import { EvidenceView } from "./evidence-view.tsx";
import { TickForm } from "./tick-form.tsx";
import { InlineText } from "../../shell/inline-text.tsx";

type Filter = "all" | "mine" | "blocking" | "failed";

function ItemRow({ def, st, fact }: { def: ItemDef; st: ItemStatus | undefined; fact: ItemFact | undefined }) {
  const { t, locale } = useI18n();
  const { tz, canWrite, runbook } = useRunData();
  const say = useSayReason();
  const [open, setOpen] = useState(false);
  const state = st?.state ?? "not_done";
  return (
    <li className="item-row" data-testid={`item-${def.id}`} data-state={state}>
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <div className="item-main">
          {/* The title leads; the id is for the curious (hover) and the JSON. */}
          <Text fw={600} size="sm" title={def.id} data-testid={`item-title-${def.id}`}>
            <InlineText text={def.title} />
          </Text>
          <Group gap="xs" mt={2}>
            <StateBadge state={state} />
            {def.owners.length > 0 && (
              <Text size="xs" c="dimmed">
                {t("checklist.owner", { owner: def.owners.map((o) => roleTitle(runbook.runbook, o)).join(", ") })}
              </Text>
            )}
            {st?.due && (
              <Text size="xs" c={st.overdue ? "red" : "dimmed"}>
                {t("checklist.due", { at: formatDateTime(st.due, tz, locale) })}
                {st.overdue ? ` · ${t("checklist.overdue")}` : ""}
              </Text>
            )}
            {def.evidence === "required" && <Badge size="xs" variant="outline">{t("checklist.evidenceRequired")}</Badge>}
            {st?.automated && st.check && (
              <Text size="xs" c="dimmed">
                {t("checklist.automated", { check: st.check })}
              </Text>
            )}
            {fact && (
              <Text size="xs" c="dimmed">
                {t("checklist.by", { by: fact.by, at: formatDateTime(fact.at, tz, locale) })}
              </Text>
            )}
          </Group>
          {fact && <EvidenceView evidence={fact.evidence} />}
          {fact?.note && <Text size="sm">{fact.note}</Text>}
          {st && st.reasons.length > 0 && (state === "blocked" || state === "failed") && (
            <Text size="xs" c="dimmed">
              {st.reasons.map(say).join("; ")}
            </Text>
          )}
        </div>
        {canWrite && !st?.automated && (
          <Button size="xs" variant={open ? "filled" : "light"} onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid={`tick-${def.id}`} className="no-shrink">
            {state === "done" ? t("checklist.mark") : t("checklist.tick")}
          </Button>
        )}
      </Group>
      {open && <TickForm itemId={def.id} onDone={() => setOpen(false)} />}
    </li>
  );
}

/** Sections and items by owner role; tick with evidence; filters mine / blocking / failed. */
export default function ChecklistScreen() {
  const { t } = useI18n();
  const { runId, status, runbook, detail, myRoles } = useRunData();
  // A huge runbook's status carries its first items only: the checklist reads the rest by page.
  const all = useAllItems(runId, status);
  const [filter, setFilter] = useState<Filter>("all");
  const [role, setRole] = useState<string | null>(null);
  const s = status.status;
  const sections = useMemo(() => sectionsOf(runbook.runbook), [runbook]);
  const byId = useMemo(() => new Map(all.items.map((i) => [i.id, i])), [all.items]);
  const latest = new Map<string, ItemFact>();
  for (const f of detail.facts.items) latest.set(f.item, f);
  // Blocking: an unmet prerequisite of a gate, a wave or a sign-off.
  const blocking = new Set(
    [...s.gates.flatMap((g) => g.requires), ...s.waves.flatMap((w) => w.requires), ...s.signoffs.flatMap((x) => x.requires)]
      .filter((r) => r.kind === "item" && !r.met)
      .map((r) => r.id),
  );
  const keep = (d: ItemDef) => {
    const st = byId.get(d.id);
    if (role && !d.owners.includes(role)) return false;
    if (filter === "mine") return d.owners.some((o) => myRoles.has(o));
    if (filter === "blocking") return blocking.has(d.id);
    if (filter === "failed") return st?.state === "failed";
    return true;
  };
  const shown = sections.map((sec) => ({ sec, items: sec.items.filter(keep) })).filter((x) => x.items.length > 0);
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("checklist.title")}
        </Title>
        <Group gap="xs">
          <Select
            aria-label={t("checklist.role")}
            placeholder={t("checklist.anyRole")}
            value={role}
            onChange={setRole}
            clearable
            data={runbook.runbook.roles.map((r) => ({ value: r.id, label: r.title ?? r.id }))}
            w={200}
          />
          <SegmentedControl
            aria-label={t("checklist.filter")}
            value={filter}
            onChange={(v) => setFilter(v as Filter)}
            data={(["all", "mine", "blocking", "failed"] as const).map((f) => ({ value: f, label: t(`checklist.${f}`) }))}
            data-testid="checklist-filter"
          />
        </Group>
      </Group>
      {all.loading && <Text data-testid="checklist-loading">{t("checklist.loadingItems", { count: status.items_page?.total ?? 0 })}</Text>}
      {!all.loading && shown.length === 0 && <Text>{t("checklist.empty")}</Text>}
      {/* Until every item's state is read, none is shown with a state it may not have. */}
      {!all.loading && shown.map(({ sec, items }) => (
        <Card withBorder key={sec.id} data-testid={`section-${sec.id}`}>
          <Title order={2} size={sec.depth === 0 ? "h4" : "h5"}>
            {sec.title}
          </Title>
          <ul className="item-list">
            {items.map((d) => (
              <ItemRow key={d.id} def={d} st={byId.get(d.id)} fact={latest.get(d.id)} />
            ))}
          </ul>
        </Card>
      ))}
    </Stack>
  );
}
