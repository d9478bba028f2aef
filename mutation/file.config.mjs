// Mutation testing of one file, with its own incremental state and report (docs/mutation.md):
//   MUT_FILE=disclosures/answer-import.ts npx stryker run mutation/file.config.mjs
// Without MUT_TESTS, the test selection of the groups (vitest.mutation.config.ts: every in-process suite, narrowed by
// Stryker to the suites that import the file, then per mutant to the tests that ran its code).
// With MUT_TESTS="answer-import-domain answers-roundtrip" (file names without tests/ and .test.ts), those suites only
// (mutation/vitest.files.config.ts). Stage the suites — fast ones first, then add the slow ones — and incremental mode
// re-runs only the mutants still alive (killed ones stay killed while neither they nor their killing test change).
import base from "../stryker.config.mjs";

const file = process.env.MUT_FILE;
if (!file) throw new Error("MUT_FILE must name the file to mutate, e.g. MUT_FILE=disclosures/answer-import.ts");
const name = file.replace(/[/.]/g, "_");

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [file],
  ...(process.env.MUT_TESTS ? { vitest: { configFile: "mutation/vitest.files.config.ts", related: false } } : {}),
  incrementalFile: `data/mutation/files/${name}-incremental.json`,
  tempDirName: `data/stryker-file-${name}`,
  htmlReporter: { fileName: `data/mutation/files/${name}.html` },
  jsonReporter: { fileName: `data/mutation/files/${name}.json` },
  concurrency: 1,
};
