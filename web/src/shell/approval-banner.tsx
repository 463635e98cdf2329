import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import { formatDateTime } from "../format/time.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { WithdrawApproval } from "./approval-withdraw.tsx";
import { ErrorAlert } from "./error-alert.tsx";
import { useRunData } from "./run-data.tsx";

/**
 * Says, on every screen of a run, that its command checks wait for an admin's approval of the
 * runbook (they do not run and pass nothing meanwhile), and who withdrew an earlier approval and
 * why; admins signed in get the Approve button, and beside an approval the Withdraw control.
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
  // The API decides (admin-only routes); the buttons are shown where they can succeed.
  const isAdmin = me.role === "admin" && me.scope === "write";
  if (commands.held.length === 0) {
    if (!commands.approved_by) return null;
    return (
      <Group gap="xs" mb="xs" align="center">
        <Text size="xs" c="dimmed" data-testid="approval-given">
          {t("approval.approved", { by: commands.approved_by, at: commands.approved_at ? formatDateTime(commands.approved_at, tz, locale) : "" })}
        </Text>
        {isAdmin && <WithdrawApproval runId={runId} runbook={detail.runbook} />}
      </Group>
    );
  }
  const canApprove = isAdmin;
  return (
    <Alert color="yellow" variant="light" mb="md" data-testid="approval-banner" title={t("checks.awaitingApproval")}>
      <Text size="sm">{t("approval.banner", { checks: commands.held.join(", ") })}</Text>
      {commands.withdrawn_by && (
        <Text size="sm" mt={4} data-testid="approval-withdrawn">
          {t("approval.withdrawn", { by: commands.withdrawn_by, at: commands.withdrawn_at ? formatDateTime(commands.withdrawn_at, tz, locale) : "", reason: commands.withdrawn_reason ?? "" })}
        </Text>
      )}
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
