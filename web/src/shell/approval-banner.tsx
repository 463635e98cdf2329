import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import { formatDateTime } from "../format/time.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { ErrorAlert } from "./error-alert.tsx";
import { useRunData } from "./run-data.tsx";

/**
 * Says, on every screen of a run, that its command checks wait for an admin's approval of the
 * runbook (they do not run and pass nothing meanwhile); admins signed in get the Approve button.
 */
export function ApprovalBanner() {
  const { t, locale } = useI18n();
  const { runId, status, detail, me, tz } = useRunData();
  const qc = useQueryClient();
  const approve = useMutation({
    mutationFn: () => api<unknown>("POST", `/api/runbooks/${detail.runbook}/approve`, {}),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.run(runId) }),
  });
  const commands = status.commands;
  if (!commands || !commands.allowed || commands.checks.length === 0) return null;
  if (commands.held.length === 0) {
    if (!commands.approved_by) return null;
    return (
      <Text size="xs" c="dimmed" mb="xs" data-testid="approval-given">
        {t("approval.approved", { by: commands.approved_by, at: commands.approved_at ? formatDateTime(commands.approved_at, tz, locale) : "" })}
      </Text>
    );
  }
  // The API decides (admin-only route); the button is shown where it can succeed.
  const canApprove = me.role === "admin" && me.scope === "write";
  return (
    <Alert color="yellow" variant="light" mb="md" data-testid="approval-banner" title={t("checks.awaitingApproval")}>
      <Text size="sm">{t("approval.banner", { checks: commands.held.join(", ") })}</Text>
      {canApprove && (
        <Group mt="sm" gap="sm" align="center">
          <Button size="xs" color="yellow" onClick={() => approve.mutate()} loading={approve.isPending} data-testid="approve-commands">
            {t("approval.approve")}
          </Button>
          <Text size="xs" c="dimmed">
            {t("approval.approveHint")}
          </Text>
        </Group>
      )}
      <ErrorAlert error={approve.error} />
    </Alert>
  );
}
