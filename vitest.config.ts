import { configDefaults, defineConfig } from "vitest/config";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    // The suite runs once per engine (scripts/test.sh); the few suites about one engine's own tools (backup files,
    // pg_dump) are named for it and run on that engine's pass only.
    exclude: [...configDefaults.exclude, process.env.KAIJI_TEST_POSTGRES ? "tests/**/*-sqlite.test.ts" : "tests/**/*-postgres.test.ts"],
    setupFiles: ["tests/setup.ts"],
    globalSetup: ["tests/global-setup.ts"],
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 120_000,
  },
});
