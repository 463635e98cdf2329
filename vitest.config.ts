import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "e2e/**/*.test.ts", "scripts/**/*.test.ts", "web/src/**/*.test.ts"],
    // Bounds for a hung test, not for a slow one: on a loaded CI machine (the suite takes 18 min
    // quiet, 60+ min under load) tests that take 5 s quiet were seen to take 25-30 s. A passing
    // test ends when it ends; no retries (a flaky test is fixed, not retried).
    testTimeout: 120_000,
    hookTimeout: 240_000,
    // expect.poll waits for a state (a page rendered, a row written): 1 s by default, which a
    // loaded machine outlasts; it ends as soon as the state is there.
    expect: { poll: { timeout: 30_000 } },
    pool: "forks",
  },
});
