import { Alert, Anchor, Badge, Card, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { findItem, type ImportReport, type Preview } from "./draft.ts";
import { sayUnplaced } from "./report-words.ts";

/** Scrolls the preview to an item's row and puts the cursor in its title (nothing when it is not shown). */
function showItem(id: string): void {
  const row = document.querySelector(`[data-testid="preview-item-${CSS.escape(id)}"]`);
  if (!row) return;
  row.scrollIntoView({ block: "center" });
  row.querySelector("input")?.focus({ preventScroll: true });
}

/** Entries by source line: the line, then each entry's own cells. */
function LineTable<T extends { line: number }>({ rows, testId, className, cells }: { rows: T[]; testId: string; className?: string; cells: (row: T) => React.ReactNode }) {
  const { t } = useI18n();
  return (
    <div className={className ? `table-wrap ${className}` : "table-wrap"}>
      <Table fz="xs" data-testid={testId}>
        <Table.Tbody>
          {rows.map((row, i) => (
            <Table.Tr key={i}>
              <Table.Td className="nowrap">{t("newRun.line", { line: row.line })}</Table.Td>
              {cells(row)}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </div>
  );
}

/** A titled card of entries by source line (located rows, link notes). */
function LineCard<T extends { line: number }>({ title, rows, testId, cells }: { title: string; rows: T[]; testId: string; cells: (row: T) => React.ReactNode }) {
  return (
    <Card withBorder padding="sm">
      <Text fw={600} size="sm" mb="xs">
        {title}
      </Text>
      <LineTable rows={rows} testId={testId} cells={cells} />
    </Card>
  );
}

/** Register rows (risks, questions, components) → the items they became, by source line. */
function LocatedCard({ located, preview }: { located: ImportReport["located"]; preview: Preview }) {
  const { t } = useI18n();
  const what = (w: string) => {
    const key = `newRun.locatedWhat.${w}` as MessageKey;
    const said = t(key);
    return said === key ? w : said;
  };
  return (
    <LineCard
        title={t("newRun.located", { count: located.length })}
        rows={located}
        testId="located"
        cells={(l) => (
          <>
            <Table.Td className="nowrap">{what(l.what)}</Table.Td>
            <Table.Td>
              <Anchor component="button" type="button" size="xs" ta="left" onClick={() => showItem(l.id)} title={t("newRun.showItem", { id: l.id })} data-testid={`located-go-${l.id}`}>
                {(preview.runbook && findItem(preview.runbook, l.id)?.title) ?? l.id}
              </Anchor>{" "}
              <Text span size="xs" c="dimmed">
                {l.id}
              </Text>
            </Table.Td>
          </>
        )}
    />
  );
}

/** Links the import did not follow (a path beside the document, a heading it lacks, another scheme), where they stand and what kept them. */
function LinksCard({ links }: { links: NonNullable<ImportReport["links"]> }) {
  const { t } = useI18n();
  const kept = (what: string | undefined) => {
    const [kind, id = ""] = (what ?? "").split(" ");
    if (kind === "item") return t("newRun.linkKeptItem", { id });
    if (kind === "step") return t("newRun.linkKeptStep", { id });
    return what ? t("newRun.linkKeptRunbook") : t("newRun.linkKeptNone");
  };
  return (
    <LineCard
        title={t("newRun.linksNotFollowed", { count: links.length })}
        rows={links}
        testId="link-notes"
        cells={(n) => (
          <Table.Td>
            <Text size="xs" c="dimmed">
              {t("newRun.column", { col: n.col })} · {t(`newRun.linkWhy.${n.reason}` as MessageKey)}
              {n.reason === "relative" ? ` · ${kept(n.kept)}` : ""}
            </Text>
            <Text size="xs" lineClamp={2}>
              <code>{n.url}</code> {n.title !== n.url ? n.title : ""}
            </Text>
          </Table.Td>
        )}
    />
  );
}

/** What the import made of the document, what it left, and what does not validate. */
export function ReportPanel({ preview }: { preview: Preview }) {
  const { t, lang } = useI18n();
  const r = preview.report;
  // The importer's own names (procedure_steps, status:done) in the reader's words; a new one as written.
  const countLabel = (k: string): string => {
    if (k.startsWith("status:")) return t("newRun.statusCount", { state: t(`state.${k.slice(7)}` as MessageKey) });
    const key = `report.${k}` as MessageKey;
    const said = t(key);
    return said === k ? k.replace(/_/g, " ") : said;
  };
  return (
    <Stack gap="sm" data-testid="import-report">
      <Title order={2} size="h4">
        {t("newRun.report")}
      </Title>
      {!preview.valid && preview.diagnostics.length > 0 && (
        <Alert color="red" variant="light" title={t("newRun.invalid")} data-testid="diagnostics">
          <List size="sm">
            {preview.diagnostics.map((d, i) => (
              <List.Item key={i}>
                <code>
                  {d.file}:{d.line}:{d.col}
                </code>{" "}
                {d.path ? `${d.path}: ` : ""}
                {d.message}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
      {!r ? (
        <Text c="dimmed">{t("newRun.noReport")}</Text>
      ) : (
        <>
          <Card withBorder padding="sm">
            <Text fw={600} size="sm" mb="xs">
              {t("newRun.recognised")}
            </Text>
            <Group gap="xs">
              {Object.entries(r.counts)
                .filter(([, n]) => n > 0)
                .map(([k, n]) => (
                  <Badge key={k} variant="light" tt="none" data-testid={`count-${k}`} title={k}>
                    {countLabel(k)}: {n}
                  </Badge>
                ))}
            </Group>
            <Stack gap={2} mt="xs">
              {r.mojibake && <Text size="sm">{t("newRun.mojibake", { encoding: r.mojibake.encoding, count: r.mojibake.lines })}</Text>}
              {r.chrome.length > 0 && <Text size="sm">{t("newRun.chrome", { count: r.chrome.length })}</Text>}
              {r.repairs > 0 && <Text size="sm">{t("newRun.repairs", { count: r.repairs })}</Text>}
              {r.dropped.length > 0 && <Text size="sm">{t("newRun.droppedRefs", { list: r.dropped.join(", ") })}</Text>}
            </Stack>
          </Card>
          <Card withBorder padding="sm">
            <Text fw={600} size="sm" mb="xs">
              {t("newRun.unplaced", { count: r.unplaced.length })}
            </Text>
            {r.unplaced.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t("newRun.allPlaced")}
              </Text>
            ) : (
              <LineTable
                rows={r.unplaced}
                testId="unplaced"
                className="report-unplaced"
                cells={(u) => {
                  const said = sayUnplaced(lang, u);
                  return (
                    <Table.Td>
                      <Text size="xs" c="dimmed">
                        {said.block} · {said.reason}
                      </Text>
                      <Text size="xs" lineClamp={2}>
                        {u.text}
                      </Text>
                    </Table.Td>
                  );
                }}
              />
            )}
          </Card>
          {r.located.length > 0 && <LocatedCard located={r.located} preview={preview} />}
          {(r.links?.length ?? 0) > 0 && <LinksCard links={r.links ?? []} />}
        </>
      )}
    </Stack>
  );
}
