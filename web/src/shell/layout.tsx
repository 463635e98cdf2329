import { Anchor, Badge, Button, Group, Text } from "@mantine/core";
import { useEffect, type MouseEvent, type ReactNode } from "react";
import type { Me } from "../api/types.ts";
import type { MessageKey } from "../i18n/en.ts";
import { useI18n } from "../i18n/i18n.tsx";
import { AccountMenu, LanguagePicker, ThemeToggle } from "./account-menu.tsx";
import { DemoBanner } from "./demo-banner.tsx";
import { navigate, runPath, SCREENS, type Screen } from "./router.ts";

/** A same-origin link that navigates without a reload (and still works with a middle click). */
export function Link({ to, children, current, className }: { to: string; children: ReactNode; current?: boolean; className?: string }) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return (
    <a href={to} onClick={onClick} aria-current={current ? "page" : undefined} className={className}>
      {children}
    </a>
  );
}

interface RunHeader {
  runId: string;
  name: string;
  screen: Screen;
  verdict: "go" | "no_go";
  live: boolean;
  /** A rehearsal or the live go-live (runs before kinds existed have none). */
  kind?: "rehearsal" | "live" | undefined;
}

/** The page frame: header (run, live state, language, theme, account) and the screens' nav. */
export function Layout({ me, run, children }: { me: Me | null; run?: RunHeader; children: ReactNode }) {
  const { t } = useI18n();
  const screen = run?.screen;
  useEffect(() => {
    // On a phone the nav is a scrolling row: keep the current screen's tab in view.
    // Scrolling the row itself (not scrollIntoView) leaves the keyboard's focus starting point alone.
    const nav = document.querySelector<HTMLElement>(".shell-nav");
    const current = nav?.querySelector<HTMLElement>("a[aria-current=page]");
    if (nav && current && nav.scrollWidth > nav.clientWidth) nav.scrollLeft = Math.max(0, current.offsetLeft - nav.clientWidth / 3);
  }, [screen]);
  return (
    <div className="shell" data-has-nav={run ? "yes" : "no"}>
      <a className="skip-link" href="#main">
        {t("app.skip")}
      </a>
      <header className="shell-header">
        <Anchor component="span" fw={800} size="lg">
          <Link to="/">{t("app.name")}</Link>
        </Anchor>
        <div className="grow">
          {run && (
            <Group gap="xs" wrap="nowrap">
              <Text fw={600} truncate data-testid="run-name">
                {run.name}
              </Text>
              <Badge color={run.verdict === "go" ? "green" : "red"} variant="filled" data-testid="header-verdict">
                {t(`verdict.${run.verdict}`)}
              </Badge>
              {run.kind && (
                <Badge color={run.kind === "rehearsal" ? "yellow" : "blue"} variant="light" data-testid="run-kind" data-kind={run.kind}>
                  {t(`run.${run.kind}`)}
                </Badge>
              )}
              <Badge color={run.live ? "teal" : "gray"} variant="dot" data-testid="live-state" data-live={run.live ? "yes" : "no"}>
                {run.live ? t("live.on") : t("live.off")}
              </Badge>
            </Group>
          )}
        </div>
        {me && me.role !== "viewer" && me.scope === "write" && (
          <Button component="a" href="/new-run" onClick={(e: MouseEvent<HTMLAnchorElement>) => { e.preventDefault(); navigate("/new-run"); }} size="xs" variant="light" leftSection="+" data-testid="new-run" className="new-run-button">
            {t("newRun.button")}
          </Button>
        )}
        <LanguagePicker />
        <ThemeToggle />
        {me && <AccountMenu me={me} />}
      </header>
      {run ? (
        <nav className="shell-nav" aria-label={t("nav.label")}>
          <ul>
            {SCREENS.map((s) => (
              <li key={s}>
                <Link to={runPath(run.runId, s)} current={s === run.screen}>
                  {t(`nav.${s}` as MessageKey)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        <div className="shell-nav mantine-visible-from-sm" />
      )}
      <main id="main" className="shell-main" tabIndex={-1}>
        <DemoBanner runId={run?.runId} />
        {children}
      </main>
    </div>
  );
}
