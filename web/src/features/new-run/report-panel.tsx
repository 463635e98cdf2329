import { Alert, Badge, Card, Group, List, Stack, Table, Text, Title } from "@mantine/core";
import type { MessageKey } from "../../i18n/en.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import type { Preview } from "./draft.ts";
import { sayUnplaced } from "./report-words.ts";

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
              <div className="table-wrap report-unplaced">
                <Table fz="xs" data-testid="unplaced">
                  <Table.Tbody>
                    {r.unplaced.map((u, i) => {
                      const said = sayUnplaced(lang, u);
                      return (
                      <Table.Tr key={i}>
                        <Table.Td className="nowrap">{t("newRun.line", { line: u.line })}</Table.Td>
                        <Table.Td>
                          <Text size="xs" c="dimmed">
                            {said.block} · {said.reason}
                          </Text>
                          <Text size="xs" lineClamp={2}>
                            {u.text}
                          </Text>
                        </Table.Td>
                      </Table.Tr>
                      );
                    })}
                  </Table.Tbody>
                </Table>
              </div>
            )}
          </Card>
        </>
      )}
    </Stack>
  );
}
