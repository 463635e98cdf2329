/**
 * What the stand-ins' process (stand-ins-process.ts) tells `golive serve` over IPC. `env` carries
 * the stand-ins' URLs, passwords included: the server only hands it to the demo run's checks.
 */
export type StandInsMessage = { type: "ready"; env: Record<string, string> } | { type: "failed"; message: string };
