import { Button, Group, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api } from "../api/client.ts";
import { keys } from "../api/queries.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { ErrorAlert } from "./error-alert.tsx";

/**
 * An admin's control to withdraw the approval of a run's runbook text (after an incident review):
 * a reason is required, recorded in the audit log and shown on every run of the runbook. The API
 * refuses anyone else; the caller shows this to admins only.
 */
export function WithdrawApproval({ runId, runbook }: { runId: string; runbook: string }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const withdraw = useMutation({
    mutationFn: () => api<unknown>("POST", `/api/runbooks/${runbook}/withdraw`, { reason: reason.trim() }),
    onSuccess: () => {
      setOpen(false);
      setReason("");
    },
    onSettled: () => qc.invalidateQueries({ queryKey: keys.run(runId) }),
  });
  if (!open) {
    return (
      <Button size="compact-xs" variant="subtle" color="red" onClick={() => setOpen(true)} data-testid="withdraw-approval">
        {t("approval.withdraw")}
      </Button>
    );
  }
  return (
    <>
      <Group gap="xs" align="flex-end" mt={4} mb="xs">
        <TextInput size="xs" w={360} required label={t("approval.withdrawReason")} value={reason} maxLength={2000} onChange={(e) => setReason(e.currentTarget.value)} data-testid="withdraw-reason" />
        <Button size="xs" color="red" disabled={!reason.trim()} loading={withdraw.isPending} onClick={() => withdraw.mutate()} data-testid="withdraw-confirm">
          {t("approval.withdrawConfirm")}
        </Button>
        <Button size="xs" variant="default" onClick={() => setOpen(false)}>
          {t("approval.withdrawCancel")}
        </Button>
      </Group>
      <ErrorAlert error={withdraw.error} />
    </>
  );
}
