import { Alert } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { api } from "../api/client.ts";
import { useI18n } from "../i18n/i18n.tsx";

interface Demo {
  state: "off" | "starting" | "ready" | "failed";
  runs: string[];
  message?: string;
}

/** Says, once, why the demo run's checks have not run yet or will not: stand-ins starting or missing. */
export function DemoBanner({ runId }: { runId?: string | undefined }) {
  const { t } = useI18n();
  const demo = useQuery({
    queryKey: ["demo"],
    queryFn: () => api<Demo>("GET", "/api/demo"),
    refetchInterval: (q) => (q.state.data?.state === "starting" ? 3_000 : false),
    staleTime: 60_000,
  });
  const d = demo.data;
  if (!d || (d.state !== "starting" && d.state !== "failed")) return null;
  if (runId !== undefined && !d.runs.includes(runId)) return null;
  return (
    <Alert color={d.state === "failed" ? "orange" : "blue"} variant="light" mb="md" data-testid="demo-banner" data-state={d.state}>
      {d.state === "failed" ? t("demo.failed", { message: d.message ?? "" }) : t("demo.starting")}
    </Alert>
  );
}
