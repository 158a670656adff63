import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{packages,services,workers}/*/src/**/*.test.{ts,tsx}", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    // Browser and queue round trips on a loaded 2-core CI machine can take seconds.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    hookTimeout: 60_000,
    // Tests share one Redis and one Postgres; files isolate themselves by prefix/schema.
    fileParallelism: true,
    pool: "forks",
  },
});
