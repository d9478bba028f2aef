// Mutation testing of the seed parsers, one file at a time if PARSERS_ONLY names one (e.g. cyber-parser):
//   PARSERS_ONLY=cyber-parser npx stryker run mutation/parsers.config.mjs
// Each parser file takes 15–50 minutes on a two-core machine.
import base from "../stryker.config.mjs";

const only = process.env.PARSERS_ONLY;
const name = only ? `parsers-${only}` : "parsers";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: only ? [`disclosures/parsers/${only}.ts`] : ["disclosures/parsers/**/*.ts"],
  incrementalFile: `data/mutation/${name}-incremental.json`,
  tempDirName: `data/stryker-${name}`,
  htmlReporter: { fileName: `data/mutation/${name}-index.html` },
  jsonReporter: { fileName: `data/mutation/${name}-report.json` },
  concurrency: 1,
};
