import { useSyncExternalStore } from "react";

// A tiny history router: the server answers every non-API path with index.html.

const listeners = new Set<() => void>();
const subscribe = (fn: () => void) => {
  listeners.add(fn);
  window.addEventListener("popstate", fn);
  return () => {
    listeners.delete(fn);
    window.removeEventListener("popstate", fn);
  };
};

/** The current path. */
export function usePath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** Goes to a path without a reload. */
export function navigate(path: string, replace = false): void {
  if (replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const fn of listeners) fn();
  window.scrollTo(0, 0);
}

export type Screen = "overview" | "gates" | "checklist" | "checks" | "steps" | "timeline" | "plan" | "rollback" | "signoffs" | "notifications" | "audit" | "report";
export const SCREENS: readonly Screen[] = ["overview", "gates", "checklist", "checks", "steps", "timeline", "plan", "rollback", "signoffs", "notifications", "audit", "report"];

export type Route =
  | { name: "login" }
  | { name: "runs" }
  | { name: "tokens" }
  | { name: "users" }
  | { name: "new-run" }
  | { name: "run"; runId: string; screen: Screen }
  | { name: "not-found" };

/** Parses a path into a route. */
export function parseRoute(path: string): Route {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  if (parts.length === 0) return { name: "runs" };
  if (parts[0] === "login" && parts.length === 1) return { name: "login" };
  if (parts[0] === "tokens" && parts.length === 1) return { name: "tokens" };
  if (parts[0] === "users" && parts.length === 1) return { name: "users" };
  if (parts[0] === "new-run" && parts.length === 1) return { name: "new-run" };
  if (parts[0] === "runs" && parts[1] && parts.length <= 3) {
    const screen = (parts[2] ?? "overview") as Screen;
    if (SCREENS.includes(screen)) return { name: "run", runId: parts[1], screen };
  }
  return { name: "not-found" };
}

/** The path of a run's screen. */
export function runPath(runId: string, screen: Screen = "overview"): string {
  return `/runs/${encodeURIComponent(runId)}${screen === "overview" ? "" : `/${screen}`}`;
}
