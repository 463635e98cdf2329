// The demo's stand-ins in a process of their own: `golive serve` (src/server/stand-ins.ts) forks
// this file, reads {type:"ready", env} or {type:"failed", message} over the IPC channel, and ends
// it with SIGTERM. The stand-ins are other systems in the story (the CRM, its webhook, its
// database's exporter), so they stay out of the server's memory, timers and event loop; and when
// the server dies without stopping them, the closed IPC channel stops them here.
import { startDemo } from "./demo.ts";
import type { StandInsMessage } from "./stand-ins-message.ts";

process.title = "golive-demo-stand-ins";
if (!process.send) {
  process.stderr.write("golive-demo-stand-ins: run by `golive serve` (it forks this file with an IPC channel)\n");
  process.exit(2);
}
const send = (m: StandInsMessage): Promise<void> =>
  new Promise((resolve) => {
    if (!process.connected) resolve();
    else process.send?.(m, () => resolve());
  });

const started = startDemo({ systems: ["pancake"] });
let stopping = false;
// A stop while the stand-ins start waits for them, so none is left behind (PostgreSQL daemonizes).
const stop = async (): Promise<void> => {
  if (stopping) return;
  stopping = true;
  const demo = await started.catch(() => undefined);
  await demo?.stop().catch(() => undefined);
  process.exit(0);
};
process.once("SIGTERM", () => void stop());
process.once("SIGINT", () => void stop());
process.once("disconnect", () => void stop());

started.then(
  async (demo) => {
    if (!stopping) await send({ type: "ready", env: demo.env });
  },
  async (e: unknown) => {
    await send({ type: "failed", message: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
