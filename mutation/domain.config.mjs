// Mutation testing of the domain logic (disclosures/ without the seed parsers), with its own state and report:
//   npx stryker run mutation/domain.config.mjs
// A whole run is about 6,000 mutants: hours on a two-core machine; run it on a quiet machine, one group at a time.
import base from "../stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: ["disclosures/*.ts", "disclosures/workbook/*.ts"],
  incrementalFile: "data/mutation/domain-incremental.json",
  tempDirName: "data/stryker-domain",
  htmlReporter: { fileName: "data/mutation/domain-index.html" },
  jsonReporter: { fileName: "data/mutation/domain-report.json" },
};
