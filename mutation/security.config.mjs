// Mutation testing of the security-critical modules alone (issue 20), with its own sandbox, incremental state and
// report under data/mutation/ so it does not disturb the whole run (stryker.config.mjs):
//   npx stryker run mutation/security.config.mjs
import base from "../stryker.config.mjs";

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  ...base,
  mutate: [
    "app/utils/permissions.server.ts",
    "app/utils/auth.server.ts",
    "app/models/account.server.ts",
    "app/models/disclosure.server.ts",
    "app/pdf/escape.ts",
    "app/pdf/file-name.ts",
    "app/pdf/header-footer.ts",
    "app/pdf/comparison-document.tsx",
    "app/utils/comparison-export.server.ts",
    "app/utils/xlsx.server.ts",
    "disclosures/workbook/cells.ts",
  ],
  incrementalFile: "data/mutation/security-incremental.json",
  tempDirName: "data/stryker-security",
  htmlReporter: { fileName: "data/mutation/security-index.html" },
  jsonReporter: { fileName: "data/mutation/security-report.json" },
  concurrency: 1,
};
