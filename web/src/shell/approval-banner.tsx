import { Alert, Button, Group, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import { formatDateTime } from "../format/time.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { namedMembers } from "./approval-words.ts";
import { WithdrawApproval } from "./approval-withdraw.tsx";
import { ErrorAlert } from "./error-alert.tsx";
import { useRunData } from "./run-data.tsx";

/**
 * Says, on every screen of a run, what waits for an admin's approval of its runbook text: its
 * command checks (they do not run and pass nothing meanwhile) and the people the text lists for
 * its roles (they do not act in them); who withdrew an earlier approval and why. Once approved,
 * who approved it. Admins signed in get the Approve button, and beside an approval the Withdraw
 * control.
 */
export function ApprovalBanner() {
  const { t, locale } = useI18n();
  const { runId, status, detail, runbook, me, tz } = useRunData();
  const qc = useQueryClient();
  const approve = useMutation({
    mutationFn: () => api<unknown>("POST", `/api/runbooks/${detail.runbook}/approve`, {}),
    onSettled: () => qc.invalidateQueries({ queryKey: keys.run(runId) }),
  });
  const commands = status.commands?.allowed && status.commands.checks.length > 0 ? status.commands : undefined;
  const named = namedMembers(runbook.runbook.roles);
  const approval = status.approval ?? {};
  // Nothing an approval decides here: no banner, no line.
  if (!commands && !named) return null;
  // The API decides (admin-only routes); the buttons are shown where they can succeed.
  const isAdmin = me.role === "admin" && me.scope === "write";
  const held = commands?.held ?? [];
  const membersWait = status.text_members === false && named !== "";
  const at = (iso: string | undefined) => (iso ? formatDateTime(iso, tz, locale) : "");
  if (held.length === 0 && !membersWait) {
    if (!approval.approved_by) return null;
    return (
      <Group gap="xs" mb="xs" align="center">
        <Text size="xs" c="dimmed" data-testid="approval-given">
          {named ? t("trust.approved", { by: approval.approved_by, at: at(approval.approved_at) }) : t("approval.approved", { by: approval.approved_by, at: at(approval.approved_at) })}
        </Text>
        {isAdmin && <WithdrawApproval runId={runId} runbook={detail.runbook} />}
      </Group>
    );
  }
  return (
    <Alert color="yellow" variant="light" mb="md" data-testid="approval-banner" title={membersWait ? t("trust.title") : t("checks.awaitingApproval")}>
      {membersWait && (
        <Text size="sm" data-testid="approval-members">
          {t("trust.unapproved", { named })}
        </Text>
      )}
      {held.length > 0 && (
        <Text size="sm" mt={membersWait ? 4 : 0}>
          {t("approval.banner", { checks: held.join(", ") })}
        </Text>
      )}
      {approval.withdrawn_by ? (
        <Text size="sm" mt={4} data-testid="approval-withdrawn">
          {t("approval.withdrawn", { by: approval.withdrawn_by, at: at(approval.withdrawn_at), reason: approval.withdrawn_reason ?? "" })}
        </Text>
      ) : (
        <Text size="xs" c="dimmed" mt={4} data-testid="approval-never">
          {t("trust.neverApproved")}
        </Text>
      )}
      {isAdmin && (
        <Group mt="sm" gap="sm" align="center">
          <Button size="xs" color="yellow" onClick={() => approve.mutate()} loading={approve.isPending} data-testid="approve-commands">
            {membersWait ? t("trust.approve") : t("approval.approve")}
          </Button>
          <Text size="xs" c="dimmed">
            {membersWait ? t("trust.approveHint") : t("approval.approveHint")}
          </Text>
        </Group>
      )}
      <ErrorAlert error={approve.error} />
    </Alert>
  );
}
