// The part of autocannon's programmatic API the load provider uses (the package ships no types).
declare module "autocannon" {
  import type { EventEmitter } from "node:events";

  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    overallRate?: number;
    duration?: number;
    timeout?: number;
    excludeErrorStats?: boolean;
  }
  interface Result {
    errors: number;
    timeouts: number;
    duration: number;
    totalCompletedRequests: number;
  }
  interface Instance extends EventEmitter {
    stop(): void;
  }
  function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): Instance;
  export default autocannon;
}
