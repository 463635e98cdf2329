import { describe, expect, it } from "vitest";
import { checkKinds } from "../../checks/kinds.ts";
import { imported } from "../../testing/import-check.ts";
import { importMarkdown, reportText } from "./import.ts";

// Links in a document are kept as references on the item or step they stand in (the dashboard
// shows them), and every link the import cannot follow is reported where it stands.

const DOC = [
  "# Payments go-live", // 1
  "", // 2
  "## Pre-flight", // 3
  "", // 4
  "- [ ] Review the [rollback plan](./rollback.md) with the team", // 5
  "  - Notes: see [db runbook](../ops/db.md#restore)", // 6
  "- [x] Dashboard ready: [Grafana](https://grafana.example.com/d/abc) and https://status.example.com", // 7
  "- [ ] Read [the restore section](#restore) and [old notes](#nowhere)", // 8
  "- [ ] Not a web link [x](javascript:alert(1))", // 9
  "- [ ] Plan reviewed", // 10
  "  - Links: [plan](<./go live plan.md>), [wiki](https://wiki.example.com/go)", // 11
  "", // 12
  "## Restore", // 13
  "", // 14
  "| Check | Owner | Status |", // 15
  "|---|---|---|", // 16
  "| Backup verified, see [backup doc](docs/backup.md) | DBA | ☐ |", // 17
  "", // 18
  "## Deploy steps", // 19
  "", // 20
  "1. Deploy API, per [deploy guide](./deploy.md)", // 21
  "2. Smoke test", // 22
].join("\n");

describe("links in a document", () => {
  const { rb, items, status } = imported(DOC);
  const item = (title: string) => items.find((i) => i.title.startsWith(title));

  it("are kept on the item they stand in, its lines' links too, titles read as text", () => {
    expect(item("Review the rollback plan")?.links).toEqual([
      { title: "rollback plan", url: "./rollback.md" },
      { title: "db runbook", url: "../ops/db.md#restore" },
    ]);
    expect(item("Review the rollback plan")?.notes).toBe("see db runbook");
    // A bare address is its own text: no reference of its own.
    expect(item("Dashboard ready")?.links).toEqual([{ title: "Grafana", url: "https://grafana.example.com/d/abc" }]);
    // A `Links:` line under an item gives links and nothing else.
    const plan = item("Plan reviewed");
    expect(plan?.links).toEqual([{ title: "plan", url: "./go live plan.md" }, { title: "wiki", url: "https://wiki.example.com/go" }]);
    expect(plan?.notes).toBeUndefined();
  });

  it("keeps no link to the document's own headings and no address of another scheme", () => {
    expect(item("Read the restore section")?.links).toBeUndefined();
    expect(item("Not a web link")?.links).toBeUndefined();
  });

  it("are kept on items from table rows and on deploy steps", () => {
    expect(item("Backup verified")?.links).toEqual([{ title: "backup doc", url: "docs/backup.md" }]);
    expect(rb.steps[0]?.links).toEqual([{ title: "deploy guide", url: "./deploy.md" }]);
    expect(rb.steps[1]?.links).toBeUndefined();
  });

  it("never change the verdict: open items keep it NO-GO", () => {
    expect(status.verdict).toBe("no_go");
  });

  it("that cannot be followed are reported as file:line:col notes, in document order", () => {
    const r = importMarkdown(DOC, checkKinds);
    const notes = reportText(r.report, "go.md").split("\n").filter((l) => l.startsWith("  go.md:"));
    expect(notes).toEqual([
      "  go.md:5:34: link ./rollback.md (rollback plan): relative to the document: not followed (import reads this document only and fetches nothing); kept as a reference on item pre-flight-1",
      "  go.md:6:29: link ../ops/db.md#restore (db runbook): relative to the document: not followed (import reads this document only and fetches nothing); kept as a reference on item pre-flight-1",
      "  go.md:8:60: link #nowhere (old notes): names no heading of this document",
      "  go.md:9:26: link javascript:alert(1) (x): not a web, mail or relative address: not kept",
      "  go.md:11:20: link ./go live plan.md (plan): relative to the document: not followed (import reads this document only and fetches nothing); kept as a reference on item pre-flight-5",
      "  go.md:17:37: link docs/backup.md (backup doc): relative to the document: not followed (import reads this document only and fetches nothing); kept as a reference on item restore-1",
      "  go.md:21:35: link ./deploy.md (deploy guide): relative to the document: not followed (import reads this document only and fetches nothing); kept as a reference on step S1",
    ]);
    expect(r.report.links.map((n) => n.reason)).toEqual(["relative", "relative", "anchor", "scheme", "relative", "relative", "relative"]);
  });

  it("locate a link on the source line when repair moved it, and a reference-style link by its text", () => {
    const doc = ["# Go", "", "• Check the [runbook][rb] first", "", "[rb]: ./runbook.md"].join("\n");
    const notes = importMarkdown(doc, checkKinds).report.links;
    expect(notes).toEqual([{ line: 3, col: 13, url: "./runbook.md", title: "runbook", reason: "relative", kept: expect.stringMatching(/^item /) as unknown }]);
  });

  it("report a relative link outside any item or step as kept only as text", () => {
    const doc = ["# Go", "", "See the [rollback plan](rollback.md) before you start.", "", "- [ ] Backup taken"].join("\n");
    const r = importMarkdown(doc, checkKinds);
    expect(reportText(r.report, "go.md")).toContain("go.md:3:25: link rollback.md (rollback plan): relative to the document: not followed (import reads this document only and fetches nothing); kept only as text");
  });
});
