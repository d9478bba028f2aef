// The suites StrykerJS runs against each mutant (stryker.config.mjs): every test file that calls the code
// in-process. Suites that start the built app (tests/helpers/http.ts) or a browser exercise build/index.js,
// which no mutant reaches, so they would only slow the run down; they stay in the full suite (`npm test`).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

const testsDir = path.join(import.meta.dirname, "tests");
const usesBuiltApp = (source: string) => /helpers\/(http|browser)\.js"/.test(source);
// In-process, but seconds to minutes per run: they seed whole demo datasets, render in Chromium or start child
// processes (which no mutant reaches). Every mutant they cover would cost that much again; the logic they pass
// through is asserted by the fast suites, which are what the mutation score measures.
const tooSlowPerMutant = new Set([
  "seed.test.ts",
  "bench-seed.test.ts",
  "pdf-service.test.ts",
  "server-startup.test.ts",
  "templates-cli.test.ts",
  "templates-cli-workbook.test.ts",
]);
const inProcess = readdirSync(testsDir, { recursive: true, encoding: "utf8" })
  .filter((file) => /\.test\.tsx?$/.test(file) && !tooSlowPerMutant.has(file))
  .filter((file) => !usesBuiltApp(readFileSync(path.join(testsDir, file), "utf8")))
  .map((file) => `tests/${file}`);

// Spread, not mergeConfig: mergeConfig would append to the base include list instead of replacing it.
export default defineConfig({ ...base, test: { ...base.test, include: inProcess } });
