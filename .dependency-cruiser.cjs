/** Architecture rules, checked by `npm run lint` (depcruise). Type-only imports count: a type cycle is a cycle. */
module.exports = {
  forbidden: [
    { name: "no-circular", severity: "error", comment: "no import cycles", from: {}, to: { circular: true } },
    {
      name: "engine-is-pure",
      severity: "error",
      comment:
        "the pairing engine core is synchronous and does no I/O: no adapters, loaders, photos or node I/O",
      from: { path: "^src/pairing/(engine|features|text)/" },
      to: {
        path: [
          "^src/pairing/(adapters|photos)/",
          "^src/pairing/(run|config|index)\\.ts$",
          "^(node:)?(fs|fs/promises|child_process|net|http|https|worker_threads|cluster)$",
        ],
      },
    },
    {
      name: "features-below-engine",
      severity: "error",
      comment: "signals and text tools do not know the engine that uses them",
      from: { path: "^src/pairing/(features|text)/" },
      to: { path: "^src/pairing/engine/" },
    },
    {
      name: "text-below-features",
      severity: "error",
      from: { path: "^src/pairing/text/" },
      to: { path: "^src/pairing/features/" },
    },
    {
      name: "engines-apart",
      severity: "error",
      comment: "pairing and the recommender never import each other",
      from: { path: "^src/pairing/" },
      to: { path: "^src/recsys/" },
    },
    {
      name: "engines-apart-2",
      severity: "error",
      from: { path: "^src/recsys/" },
      to: { path: "^src/pairing/" },
    },
    {
      name: "domain-below-service",
      severity: "error",
      comment: "engines do not know the CLI or the server",
      from: { path: "^src/(pairing|recsys|review|lib)/" },
      to: { path: "^src/(cli|server)/" },
    },
    {
      name: "lib-is-generic",
      severity: "error",
      comment: "lib/ holds no domain code and imports none",
      from: { path: "^src/lib/" },
      to: { path: "^src/(pairing|recsys|review)/" },
    },
    {
      name: "review-uses-pairing-through-index",
      severity: "error",
      comment: "the review app is built on the pairing engine's public surface, and the engines never on it",
      from: { path: "^src/review/" },
      to: { path: "^src/(pairing|recsys)/", pathNot: "^src/pairing/index\\.ts$" },
    },
    {
      name: "engines-not-on-review",
      severity: "error",
      from: { path: "^src/(pairing|recsys)/" },
      to: { path: "^src/review/" },
    },
    {
      name: "engines-through-index",
      severity: "error",
      comment: "the CLI and the server reach an engine (and the review app) only through its index.ts",
      from: { path: "^src/(cli|server)/" },
      to: { path: "^src/(pairing|recsys|review)/", pathNot: "^src/(pairing|recsys|review)/index\\.ts$" },
    },
    {
      name: "product-not-from-bench-or-tests",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(bench|tests)/" },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    doNotFollow: { path: "node_modules" },
    exclude: { path: "node_modules" },
  },
};
