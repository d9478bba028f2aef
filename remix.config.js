/** @type {import('@remix-run/dev').AppConfig} */
export default {
  // Classic compiler (PRODUCT.md §6); flat routes are the v2 default.
  ignoredRouteFiles: ["**/.*", "**/*.test.*"],
  serverModuleFormat: "esm",
  serverBuildPath: "build/index.js",
  assetsBuildDirectory: "public/build",
  publicPath: "/build/",
  // Opt into React Router v7 behaviour early; single fetch is left off until loaders move off json().
  future: { v3_fetcherPersist: true, v3_relativeSplatPath: true, v3_throwAbortReason: true, v3_lazyRouteDiscovery: true },
};
