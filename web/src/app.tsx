import { Alert, Button, Loader, Stack } from "@mantine/core";
import { lazy, Suspense, useEffect, type ComponentType, type LazyExoticComponent } from "react";
import { useMe } from "./api/queries.ts";
import type { Me } from "./api/types.ts";
import { LoginScreen } from "./features/login/login-screen.tsx";
import { OverviewScreen } from "./features/overview/overview-screen.tsx";
import { RunsScreen } from "./features/overview/runs-screen.tsx";
import { useI18n } from "./i18n/i18n.tsx";
import { ApprovalBanner } from "./shell/approval-banner.tsx";
import { ErrorAlert } from "./shell/error-alert.tsx";
import { Layout } from "./shell/layout.tsx";
import { RunDataProvider, useRunData } from "./shell/run-data.tsx";
import { navigate, parseRoute, usePath, type Screen } from "./shell/router.ts";

// The first screen (overview) ships in the entry chunk; every other screen is its own chunk.
const SCREENS: Record<Exclude<Screen, "overview">, LazyExoticComponent<ComponentType>> = {
  gates: lazy(() => import("./features/gates/gates-screen.tsx")),
  checklist: lazy(() => import("./features/checklist/checklist-screen.tsx")),
  checks: lazy(() => import("./features/checks/checks-screen.tsx")),
  steps: lazy(() => import("./features/steps/steps-screen.tsx")),
  timeline: lazy(() => import("./features/timeline/timeline-screen.tsx")),
  plan: lazy(() => import("./features/plan/plan-screen.tsx")),
  rollback: lazy(() => import("./features/rollback/rollback-screen.tsx")),
  signoffs: lazy(() => import("./features/signoffs/signoffs-screen.tsx")),
  notifications: lazy(() => import("./features/notifications/notifications-screen.tsx")),
  audit: lazy(() => import("./features/audit/audit-screen.tsx")),
  report: lazy(() => import("./features/report/report-screen.tsx")),
};
const TokensScreen = lazy(() => import("./features/account/tokens-screen.tsx"));
const UsersScreen = lazy(() => import("./features/account/users-screen.tsx"));
const NewRunScreen = lazy(() => import("./features/new-run/new-run-screen.tsx"));

function Loading() {
  const { t } = useI18n();
  return (
    <Stack align="center" p="xl">
      <Loader aria-label={t("app.loading")} />
    </Stack>
  );
}

function RunScreen({ screen }: { screen: Screen }) {
  const data = useRunData();
  const Screen = screen === "overview" ? OverviewScreen : SCREENS[screen];
  return (
    <Layout me={data.me} run={{ runId: data.runId, name: data.detail.name, screen, verdict: data.status.status.verdict, live: data.live, kind: data.status.status.run.kind }}>
      <ApprovalBanner />
      <Suspense fallback={<Loading />}>
        <Screen />
      </Suspense>
    </Layout>
  );
}

function RunFallback({ me, error }: { me: Me; error: unknown }) {
  const { t } = useI18n();
  return (
    <Layout me={me}>
      {error ? (
        <Stack>
          <ErrorAlert error={error} />
          <Button variant="default" onClick={() => navigate("/")} w="fit-content">
            {t("app.backToRuns")}
          </Button>
        </Stack>
      ) : (
        <Loading />
      )}
    </Layout>
  );
}

/** Routes: login when nobody is signed in, else runs, a run's screens, tokens, accounts. */
export function App() {
  const { t } = useI18n();
  const path = usePath();
  const route = parseRoute(path);
  const me = useMe();
  const signedOut = me.data === null;
  useEffect(() => {
    if (signedOut && route.name !== "login") navigate(`/login?next=${encodeURIComponent(path)}`, true);
  }, [signedOut, route.name, path]);

  if (me.isPending) return <Loading />;
  if (me.error) return <ErrorAlert error={me.error} />;
  if (route.name === "login" || !me.data) return <LoginScreen />;
  const user = me.data;
  switch (route.name) {
    case "runs":
      return (
        <Layout me={user}>
          <RunsScreen />
        </Layout>
      );
    case "tokens":
      return (
        <Layout me={user}>
          <Suspense fallback={<Loading />}>
            <TokensScreen />
          </Suspense>
        </Layout>
      );
    case "users":
      return (
        <Layout me={user}>
          <Suspense fallback={<Loading />}>
            <UsersScreen />
          </Suspense>
        </Layout>
      );
    case "new-run":
      return (
        <Layout me={user}>
          <Suspense fallback={<Loading />}>
            <NewRunScreen />
          </Suspense>
        </Layout>
      );
    case "run":
      return (
        <RunDataProvider key={route.runId} runId={route.runId} me={user} fallback={(error) => <RunFallback me={user} error={error} />}>
          <RunScreen screen={route.screen} />
        </RunDataProvider>
      );
    default:
      return (
        <Layout me={user}>
          <Alert>{t("app.notFound")}</Alert>
        </Layout>
      );
  }
}
