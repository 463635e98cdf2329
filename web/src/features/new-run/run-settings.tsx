import { Button } from "@mantine/core";
import { lazy, Suspense, useState } from "react";
import { useI18n } from "../../i18n/i18n.tsx";
import { useRunData } from "../../shell/run-data.tsx";

const RunSettingsDialog = lazy(() => import("./run-settings-dialog.tsx"));

/** Opens the run's settings (date, zone, go-live time, people) for those who may write; the server decides. */
export function RunSettingsButton() {
  const { t } = useI18n();
  const { canWrite } = useRunData();
  const [open, setOpen] = useState(false);
  if (!canWrite) return null;
  return (
    <>
      <Button variant="default" size="xs" onClick={() => setOpen(true)} data-testid="run-settings">
        {t("runSettings.open")}
      </Button>
      {open && (
        <Suspense fallback={null}>
          <RunSettingsDialog onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </>
  );
}
