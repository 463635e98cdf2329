import { Badge, Card, Group, Text } from "@mantine/core";
import type { ForecastStatus } from "../../api/types.ts";
import { formatSpan, formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { useRunData } from "../../shell/run-data.tsx";

/** The overview's "forecast finish" tile: when the cutover ends, and the margin to the rollback deadline. */
export function ForecastTile({ f }: { f: ForecastStatus | undefined }) {
  const { t, locale } = useI18n();
  const { tz } = useRunData();
  return (
    <Card withBorder data-testid="forecast-finish">
      <Text size="sm" c="dimmed">{t("plan.tile")}</Text>
      {f ? (
        <>
          <Group gap="xs">
            <Text size="xl" fw={700}>{formatTime(f.finish, tz, locale)}</Text>
            {f.fitsDeadline !== undefined && <Badge color={f.fitsDeadline ? "green" : "red"}>{f.fitsDeadline ? t("plan.fits") : t("plan.doesNotFit")}</Badge>}
          </Group>
          {f.marginMs !== undefined && (
            <Text size="sm" c={f.marginMs < 0 ? "red" : undefined}>
              {f.marginMs >= 0 ? t("plan.margin", { span: formatSpan(f.marginMs, locale) }) : t("plan.over", { span: formatSpan(-f.marginMs, locale) })}
            </Text>
          )}
        </>
      ) : (
        <Text size="sm">{t("plan.empty")}</Text>
      )}
    </Card>
  );
}
