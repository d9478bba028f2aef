// Mutation testing (`npm run mutation`): does the suite fail when the core logic is wrong?
// Scope: the domain logic and the security-critical modules (issue 20). The report goes to
// data/mutation/ (ignored by git); incremental mode re-tests only mutants whose code or tests changed.
import path from "node:path";

// The sandbox lives under data/, so the tests' default "../shared/seeds" would miss; point them at the real one.
process.env.KAIJI_SEEDS_DIR ??= path.resolve(import.meta.dirname, "../shared/seeds");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  coverageAnalysis: "perTest",
  // Module-level constants (zod schemas, the parsers' pattern tables) would need the whole suite per mutant: 55% of
  // the mutants and 99% of the time. They are reported as ignored; the tests of the code that uses them stand for them.
  ignoreStatic: true,
  mutate: [
    "disclosures/**/*.ts",
    "app/utils/permissions.server.ts",
    "app/utils/auth.server.ts",
    "app/models/account.server.ts",
    "app/models/disclosure.server.ts",
    "app/pdf/escape.ts",
    "app/pdf/file-name.ts",
    "app/pdf/header-footer.ts",
    "app/pdf/comparison-document.tsx",
    "app/utils/comparison-export.server.ts",
  ],
  ignorePatterns: ["data", "build", "public/build", ".cache"],
  tempDirName: "data/stryker-tmp",
  incremental: true,
  incrementalFile: "data/mutation/incremental.json",
  reporters: ["html", "json", "clear-text", "progress"],
  htmlReporter: { fileName: "data/mutation/index.html" },
  jsonReporter: { fileName: "data/mutation/report.json" },
  thresholds: { high: 90, low: 85, break: null },
  concurrency: 2,
  timeoutMS: 20_000,
};
