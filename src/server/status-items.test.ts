import { beforeAll, describe, expect, it } from "vitest";
import { useApiFixture } from "../testing/api-fixture.ts";
import { STATUS_ITEMS_PAGE } from "./status-page.ts";

// A huge runbook through the API: the status carries the first page of items and counts them all;
// GET /api/runs/:id/status/items gives the rest, page by page.

const ITEMS = 1_200;

const api = useApiFixture();

beforeAll(async () => {
  const sections = Array.from({ length: ITEMS / 100 }, (_, s) =>
    `  - { id: s${s}, title: Section ${s}, owner: qa, items: [${Array.from({ length: 100 }, (_, i) => `{id: i${s}-${i}, title: Item ${s}.${i}}`).join(", ")}] }`);
  const source = ["golive: 1", "meta: { id: huge, title: Huge, date: 2026-05-28 }", "roles:", "  - { id: qa, title: QA, members: [quinn] }", "sections:", ...sections, ""].join("\n");
  // An admin vouches for the members the editor's text names (without it they would not act).
  await api.startRun(source, { name: "huge", id: "huge", date: "2026-05-28" });
  const { version } = await api.status("huge");
  // An item past the first page, done: the summary counts it although the page does not carry it.
  const tick = await api.as("quinn").put("/api/runs/huge/items/i11-99", { version, state: "done" });
  expect(tick.statusCode).toBe(200);
});

interface Item { id: string; state: string }

describe("a huge runbook's status over the API", () => {
  it("carries the first page and a summary of every item; the verdict still names what is open", async () => {
    const s = (await api.as("viewer").get("/api/runs/huge/status")).json<{
      status: { verdict: string; items: Item[]; reasons: { code: string }[] };
      items_page: { total: number; limit: number; counts: Record<string, number>; open_by_owner: Record<string, number> };
    }>();
    expect(s.status.items).toHaveLength(STATUS_ITEMS_PAGE);
    expect(s.items_page).toMatchObject({ total: ITEMS, limit: STATUS_ITEMS_PAGE, counts: { done: 1, not_done: ITEMS - 1 }, open_by_owner: { qa: ITEMS - 1 } });
    expect(s.status.verdict).toBe("no_go");
    expect(s.status.reasons.length).toBeGreaterThan(0);
  });

  it("gives every item by page, in runbook order, to a viewer", async () => {
    const page = async (offset: number, limit: number) =>
      (await api.as("viewer").get(`/api/runs/huge/status/items?offset=${offset}&limit=${limit}`)).json<{ total: number; offset: number; items: Item[] }>();
    const pages = [await page(0, 1_000), await page(1_000, 1_000)];
    const items = pages.flatMap((p) => p.items);
    expect(items).toHaveLength(ITEMS);
    expect(pages[1]).toMatchObject({ total: ITEMS, offset: 1_000 });
    expect(items.at(-1)).toMatchObject({ id: "i11-99", state: "done" });
    expect(new Set(items.map((i) => i.id)).size).toBe(ITEMS);
    expect((await page(5_000, 10)).items).toEqual([]);
  });

  it("refuses a page larger than the maximum, and a run that does not exist", async () => {
    const big = await api.as("viewer").get("/api/runs/huge/status/items?limit=100000");
    expect(big.statusCode).toBe(400);
    const none = await api.as("viewer").get("/api/runs/nope/status/items");
    expect(none.statusCode).toBe(404);
  });
});
