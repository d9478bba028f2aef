// The suites named in MUT_TESTS (space-separated, without tests/ and .test.ts) for a staged one-file mutation run
// (mutation/file.config.mjs).
import path from "node:path";
import { defineConfig } from "vitest/config";
import base from "../vitest.config";

const files = (process.env.MUT_TESTS ?? "").split(/\s+/).filter(Boolean);
if (!files.length) throw new Error("MUT_TESTS must name the test files, e.g. MUT_TESTS=\"answer-import-domain answers-roundtrip\"");
// Spread, not mergeConfig: mergeConfig would append to the base include list instead of replacing it.
export default defineConfig({ ...base, root: path.resolve(import.meta.dirname, ".."), test: { ...base.test, include: files.map((f) => `tests/${f}.test.ts`) } });
