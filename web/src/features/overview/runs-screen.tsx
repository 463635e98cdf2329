import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { useEffect } from "react";
import { useMe, useRuns } from "../../api/queries.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { Link } from "../../shell/layout.tsx";
import { navigate, runPath } from "../../shell/router.ts";

/** The runs; with a single active run, goes straight to it. */
export function RunsScreen() {
  const { t } = useI18n();
  const runs = useRuns();
  const me = useMe();
  const active = runs.data?.filter((r) => r.active) ?? [];
  const only = active.length === 1 ? active[0] : undefined;
  useEffect(() => {
    if (only) navigate(runPath(only.id), true);
  }, [only]);
  if (runs.error) return <ErrorAlert error={runs.error} />;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t("runs.title")}
        </Title>
        {me.data && me.data.role !== "viewer" && me.data.scope === "write" && (
          <Button onClick={() => navigate("/new-run")} data-testid="runs-new-run">
            {t("newRun.button")}
          </Button>
        )}
      </Group>
      {runs.data?.length === 0 && <Text>{t("runs.empty")}</Text>}
      <div className="cards">
        {runs.data?.map((r) => (
          <Card key={r.id} withBorder>
            <Group justify="space-between">
              <Text fw={600}>
                <Link to={runPath(r.id)}>{r.name}</Link>
              </Text>
              {!r.active && <Badge color="gray">{t("runs.inactive")}</Badge>}
            </Group>
            <Text size="sm" c="dimmed">
              {r.id} · {r.date ?? r.created_at.slice(0, 10)}
            </Text>
          </Card>
        ))}
      </div>
    </Stack>
  );
}
