import { Button, Group, List, Paper, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import { useRunWrite } from "../../api/queries.ts";
import type { CheckpointStatus } from "../../api/types.ts";
import { formatTime } from "../../format/time.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { ErrorAlert } from "../../shell/error-alert.tsx";
import { ReasonList } from "../../shell/reason-text.tsx";
import { useRunData } from "../../shell/run-data.tsx";
import { StateBadge } from "../../shell/state-badge.tsx";

/** A checkpoint: its decision, votes, quorum, and go / no-go with a comment. */
export function CheckpointCard({ cp }: { cp: CheckpointStatus }) {
  const { t, locale } = useI18n();
  const { runId, tz, canWrite, status } = useRunData();
  const write = useRunWrite(runId);
  const [comment, setComment] = useState("");
  const decide = (decision: "go" | "no_go") =>
    write.mutate({ path: `/checkpoints/${encodeURIComponent(cp.id)}`, body: { version: status.version, decision, ...(comment.trim() ? { comment: comment.trim() } : {}) } }, { onSuccess: () => setComment("") });
  return (
    <Paper withBorder p="sm" mt="xs" data-testid={`checkpoint-${cp.id}`}>
      <Stack gap={4}>
        <Group gap="xs">
          <Text fw={600}>
            {t("timeline.checkpoint")}: {cp.title}
          </Text>
          <StateBadge state={cp.decision} />
          {cp.at && <Text size="sm">{formatTime(cp.at, tz, locale)}</Text>}
          {cp.overdue && <StateBadge state="failed" />}
          <Text size="xs" c="dimmed">
            {t("timeline.quorum", { count: cp.quorum })}
          </Text>
        </Group>
        {cp.votes.length > 0 && (
          <List size="sm" className="reasons">
            {cp.votes.map((v) => (
              <List.Item key={v.by}>
                {v.by}: {t(`state.${v.decision}`)} · {formatTime(v.at, tz, locale)}
              </List.Item>
            ))}
          </List>
        )}
        {cp.reasons.length > 0 && (
          <ReasonList size="xs" reasons={cp.reasons} />
        )}
        {canWrite && cp.decision === "pending" && (
          <Group gap="xs" align="flex-end">
            <TextInput size="xs" label={t("timeline.comment")} value={comment} onChange={(e) => setComment(e.currentTarget.value)} />
            <Button size="xs" color="green" onClick={() => decide("go")} loading={write.isPending}>
              {t("timeline.go")}
            </Button>
            <Button size="xs" color="red" onClick={() => decide("no_go")} loading={write.isPending}>
              {t("timeline.noGo")}
            </Button>
          </Group>
        )}
        <ErrorAlert error={write.error} />
      </Stack>
    </Paper>
  );
}
