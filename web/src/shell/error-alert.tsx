import { Alert } from "@mantine/core";
import { ApiError } from "../api/client.ts";
import type { Reason } from "../api/types.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { ReasonList } from "./reason-text.tsx";

/** Shows why a request failed: the engine's reasons when it refused, a hint on a conflict. */
export function ErrorAlert({ error }: { error: unknown }) {
  const { t } = useI18n();
  if (!error) return null;
  let message = error instanceof Error ? error.message : JSON.stringify(error);
  let reasons: Reason[] = [];
  if (error instanceof ApiError) {
    if (error.code === "GOLIVE_E_CONFLICT") message = t("common.conflict");
    else if (error.code === "GOLIVE_E_FORBIDDEN") message = `${t("common.forbidden")} (${error.message})`;
    reasons = error.reasons;
  }
  return (
    <Alert color="red" variant="light" role="alert" data-testid="error">
      {reasons.length > 0 ? (
        <ReasonList size="sm" reasons={reasons} />
      ) : (
        message
      )}
    </Alert>
  );
}
