import type { ServerResponse } from "node:http";
import { json } from "./http.ts";

/**
 * What is broken in the stand-in right now, so a test (or a person rehearsing) can make checks fail:
 * `POST /__demo/break?what=NAME` and `POST /__demo/heal?what=NAME` (no `what`: heal everything)
 * on any stand-in server, or `breakable.break(NAME)` in-process. Names are listed in BREAKABLE.
 */
export class Switches {
  private broken = new Set<string>();
  private listeners: ((what: string, broken: boolean) => void)[] = [];

  constructor(private readonly known: readonly string[]) {}

  isBroken(what: string): boolean {
    return this.broken.has(what);
  }

  break(what: string): void {
    if (!this.known.includes(what)) throw new Error(`unknown switch '${what}'; known: ${this.known.join(", ")}`);
    this.broken.add(what);
    for (const l of this.listeners) l(what, true);
  }

  heal(what?: string): void {
    const healed = what === undefined ? [...this.broken] : [what];
    for (const w of healed) {
      this.broken.delete(w);
      for (const l of this.listeners) l(w, false);
    }
  }

  list(): string[] {
    return [...this.broken];
  }

  onChange(listener: (what: string, broken: boolean) => void): void {
    this.listeners.push(listener);
  }

  /** Serves /__demo/break, /__demo/heal and /__demo/state; true when it answered. */
  serve(method: string, url: URL, res: ServerResponse): boolean {
    if (!url.pathname.startsWith("/__demo/")) return false;
    const what = url.searchParams.get("what") ?? undefined;
    try {
      if (url.pathname === "/__demo/break" && method === "POST" && what !== undefined) this.break(what);
      else if (url.pathname === "/__demo/heal" && method === "POST") this.heal(what);
      else if (url.pathname !== "/__demo/state") {
        json(res, 404, { error: "POST /__demo/break?what=NAME, POST /__demo/heal[?what=NAME], GET /__demo/state" });
        return true;
      }
    } catch (err) {
      json(res, 400, { error: (err as Error).message });
      return true;
    }
    json(res, 200, { broken: this.list(), known: this.known });
    return true;
  }
}
