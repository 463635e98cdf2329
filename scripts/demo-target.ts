// A runnable stand-in of the seed 000 and 001 systems, on loopback:
//   npx tsx scripts/demo-target.ts [--pre-migration] [--only pancake|goodgo]
// prints the environment to export, then runs until Ctrl-C. Break things with
//   curl -X POST "$PANCAKE_WEBHOOK_URL/__demo/break?what=webhook-healthz"   (heal: /__demo/heal)
import { BREAKABLE, startDemo } from "../src/demo/demo.ts";

const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
if (only !== undefined && only !== "pancake" && only !== "goodgo") {
  console.error("usage: demo-target [--pre-migration] [--only pancake|goodgo]");
  process.exit(2);
}
const started = performance.now();
const demo = await startDemo({
  systems: only ? [only] : undefined,
  pancakeStage: args.includes("--pre-migration") ? "pre-migration" : "pilot",
});
for (const [k, v] of Object.entries(demo.env)) console.log(`export ${k}='${v}'`);
// The server shows its checks only the variables it is told to (docs/security.md).
console.log(`export GOLIVE_CHECK_ENV='${Object.keys(demo.env).join(",")}'`);
console.log(`# PostgreSQL superuser (to break data): ${demo.adminDbUrl}`);
console.log(`# switches: POST <any service URL>/__demo/break?what=NAME, /__demo/heal; names: ${BREAKABLE.join(" ")}`);
console.log(`# ready in ${((performance.now() - started) / 1000).toFixed(1)}s; Ctrl-C stops everything`);
let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  demo.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", shutdown);
process.on("SIGTERM", shutdown);
// Stay alive: the stand-ins' timers do not hold the event loop.
setInterval(() => undefined, 1 << 30);
