import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["{packages,services,workers}/*/src/**/*.test.{ts,tsx}", "test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests share one Redis and one Postgres; files isolate themselves by prefix/schema.
    fileParallelism: true,
    pool: "forks",
  },
});
