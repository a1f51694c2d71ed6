/**
 * Pairs every batch of ../shared/pairing-bench/dev (or --dir) with the engine on its defaults (tie-break off)
 * and scores the outputs with the bench's own score.py. Prints the scorer's table plus per-size and per-order
 * summaries; --json writes the scorer's aggregate.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { jsonText, readJsonFile, writeJsonAtomic } from "../../src/lib/fs.js";
import { type BarGroup, groupedBarChart } from "../../src/lib/svg-chart.js";
import {
  type CandidateTrace,
  CircuitBreaker,
  loadPairingConfig,
  pairAnalysis,
  pairWithTieBreak,
  SMALL_BATCH_IMAGES,
} from "../../src/pairing/index.js";
import { questionsOf, startOpenAiTestServer } from "../../tests/fixtures/openai-test-server.js";
import { batchNamesIn, outputFolderOrExit, outputPathOrExit, writeOutputOrExit } from "../args.js";
import {
  addCounts,
  type CandidateCounts,
  candidateShares,
  countCandidates,
  emptyCounts,
} from "./candidate-recall.js";
import { pileAnalysis, pileTruth } from "./pile.js";
import { pairJudge } from "./truth.js";

const program = new Command()
  .option("--dir <dir>", "bench folder with *.analysis.json and *.truth.json", "../shared/pairing-bench/dev")
  .option("--out <dir>", "where to write <name>.pairing.json (default: a temp folder)")
  .option("--json <file>", "write the scorer's aggregate here")
  .option(
    "--chart <file>",
    "write an SVG chart: pair F1 and extras recall by order mode and size, with the baseline",
  )
  .option("--only <substr>", "only batches whose name contains this")
  .option("--pile", "pair the batches merged into one pile (each under a folder of its name) and score that")
  .option(
    "--tiebreak <mode>",
    "off (engine only), truth (a local OpenAI-compatible server answering from each batch's truth: an upper bound), down (an endpoint that refuses connections: safe mode)",
    "off",
  );
program.parse();
const opts = program.opts<{
  dir: string;
  out?: string;
  json?: string;
  only?: string;
  chart?: string;
  tiebreak: string;
  pile?: boolean;
}>();
if (!["off", "truth", "down"].includes(opts.tiebreak)) {
  console.error(`error: --tiebreak must be off, truth or down (got "${opts.tiebreak}")`);
  process.exit(2);
}

const pct = (x: number, n: number) => `${((100 * x) / Math.max(1, n)).toFixed(1)} %`;
const chartPath = outputPathOrExit("--chart", opts.chart);
const jsonPath = outputPathOrExit("--json", opts.json);
const benchDir = resolve(opts.dir);
const scorer = resolve(benchDir, "..", "score.py");
if (!existsSync(benchDir) || !existsSync(scorer)) {
  console.log(
    `bench:pairing-accuracy skipped: ${benchDir} or its score.py is not here (the bench lives in ../shared).`,
  );
  process.exit(0);
}
const out = opts.out ? outputFolderOrExit("--out", opts.out) : mkdtempSync(join(tmpdir(), "shelfwise-acc-"));
const batchNames = (d: string) => batchNamesIn(d).filter((n) => !opts.only || n.includes(opts.only));
// a pile is written as a one-batch bench folder of its own, scored like any other
const dir = opts.pile ? writePile(benchDir, batchNames(benchDir)) : benchDir;
// The truth server answers each question with the back the batch's truth pairs with that front (or null).
let truthPairs = new Map<string, string>();
const server =
  opts.tiebreak === "truth"
    ? await startOpenAiTestServer((req) => ({
        content: JSON.stringify({
          decisions: questionsOf(req).map((q) => ({
            front: q.front.url,
            back: truthPairs.get(q.front.url) ?? null,
          })),
        }),
      }))
    : undefined;
const baseUrl = server?.baseUrl ?? (opts.tiebreak === "down" ? "http://127.0.0.1:9/v1" : "");
const config = loadPairingConfig({
  ...process.env,
  PAIR_DISABLE_TIEBREAK: opts.tiebreak === "off" ? "1" : "0",
  PAIR_MODEL_BASE_URL: baseUrl,
});
const breaker = new CircuitBreaker(config.tieBreak.breakerFailures, config.tieBreak.breakerCooldownMs);
let batchesUsingModel = 0;
/** model use as the SLO counts it: fronts asked ÷ fronts, and small batches (≤ SMALL_BATCH_IMAGES) using it */
let frontsAsked = 0;
let frontsSeen = 0;
let smallBatches = 0;
let smallBatchesUsingModel = 0;
let modelCalls = 0;
let modelPairs = 0;
const names = opts.pile ? ["pile"] : batchNames(dir);
const bar = new SingleBar({ format: "pairing {bar} {value}/{total} batches | {name}", hideCursor: true });
bar.start(names.length, 0, { name: "" });
let violations = 0;
/** true pairs found, by how the vision step corrupted the back's brand / product fields (the truth says) */
const byBackMode = new Map<string, { pairs: number; found: number }>();
let crossBatch: { pairs: number; sameProduct: number } | undefined;
/** candidate recall by order mode and by batch size (images) */
const candidatesBy = {
  orderMode: new Map<string, CandidateCounts>(),
  size: new Map<string, CandidateCounts>(),
};
const allCandidates = emptyCounts();
/** pairs by confidence decile: how many, how many right, the sum of their confidences */
const reliability = Array.from({ length: 10 }, () => ({ pairs: 0, right: 0, confidence: 0 }));
const byDecider = new Map<string, { pairs: number; right: number }>();
for (const name of names) {
  bar.update({ name });
  const truth = readJsonFile(join(dir, `${name}.truth.json`)) as BatchTruth;
  truthPairs = new Map(truth.pairs.map(([f, b]) => [f, b]));
  const analysis = readJsonFile(join(dir, `${name}.analysis.json`));
  const run = await pairWithTieBreak(analysis, config, name, { breaker });
  // the engine alone once more, traced: candidates do not depend on the tie-break
  const trace: CandidateTrace = { role: new Map(), scored: new Map(), kept: new Map(), matched: new Map() };
  pairAnalysis(analysis, config, name, undefined, trace);
  const counts = emptyCounts();
  countCandidates(truth, trace, counts);
  addCounts(allCandidates, counts);
  for (const [by, key] of [
    ["orderMode", truth.batchInfo?.orderMode ?? "?"],
    ["size", String(trace.role.size)],
  ] as const) {
    const m = candidatesBy[by];
    const acc = m.get(key) ?? emptyCounts();
    addCounts(acc, counts);
    m.set(key, acc);
  }
  if (run.tieBreak.usedModel) batchesUsingModel++;
  frontsAsked += run.tieBreak.frontsAsked;
  frontsSeen += run.metrics.totals.fronts;
  if (run.metrics.totals.images <= SMALL_BATCH_IMAGES) {
    smallBatches++;
    if (run.tieBreak.usedModel) smallBatchesUsingModel++;
  }
  modelCalls += run.tieBreak.calls;
  modelPairs += run.tieBreak.frontsResolved;
  violations += run.metrics.totals.contractViolations;
  countByBackMode(truth, run.result.pairs, byBackMode);
  addReliability(truth, run.result.pairs, reliability);
  if (opts.pile) crossBatch = pairsAcrossBatches(truth, run.result.pairs);
  writeJsonAtomic(join(out, `${name}.pairing.json`), run.result);
  bar.increment();
}
bar.stop();
await server?.close();
const scoreDir = opts.only ? out : dir;
if (opts.only) {
  // score only the batches we ran: copy their truth next to the outputs
  for (const n of names)
    writeJsonAtomic(join(out, `${n}.truth.json`), readJsonFile(join(dir, `${n}.truth.json`)));
}
const raw = execFileSync("python3", [scorer, "--dir", scoreDir, "--outputs", out, "--table", "--compact"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
  maxBuffer: 64 * 1024 * 1024,
});
const res = JSON.parse(raw) as {
  aggregate: Record<string, unknown>;
  batches: { batch: string; images: number; pairs: { f1: number } }[];
};
const agg = res.aggregate as {
  micro: {
    pairs: { f1: number; precision: number; recall: number };
    extras: { precision: number; recall: number };
  };
  macroPairF1: number;
  bySize?: Record<string, Record<string, number>>;
  byOrderMode?: Record<string, Record<string, number>>;
};
console.log("");
console.log(
  `POOLED pair P ${agg.micro.pairs.precision.toFixed(3)} R ${agg.micro.pairs.recall.toFixed(3)} F1 ${agg.micro.pairs.f1.toFixed(3)} | macro F1 ${agg.macroPairF1.toFixed(3)} | extras P ${agg.micro.extras.precision.toFixed(3)} R ${agg.micro.extras.recall.toFixed(3)} | engine contract violations ${violations}`,
);
if (crossBatch)
  console.log(
    `PILE pairs whose front and back come from two batches: ${crossBatch.pairs} (${crossBatch.sameProduct} of them one catalogue product shot in both)`,
  );
console.log(
  `TIEBREAK mode ${opts.tiebreak}: fronts sent to the model ${frontsAsked} of ${frontsSeen} (${pct(frontsAsked, frontsSeen)}, SLO ≤ 2 %); batches of ≤ ${SMALL_BATCH_IMAGES} images using it ${smallBatchesUsingModel} of ${smallBatches} (${pct(smallBatchesUsingModel, smallBatches)}); all batches using it ${batchesUsingModel} of ${names.length}; calls ${modelCalls}, pairs decided by the model ${modelPairs}, breaker ${breaker.current}`,
);
for (const [title, rows] of [
  ["by size", agg.bySize],
  ["by order mode", agg.byOrderMode],
] as const) {
  if (!rows) continue;
  console.log(`\n${title}:`);
  console.log("  group                 batches  pairP  pairR  pairF1  extP   extR");
  for (const [k, v] of Object.entries(rows)) {
    console.log(
      `  ${k.padEnd(22)}${String(v.batches).padStart(7)}  ${v.pairPrecision.toFixed(3)}  ${v.pairRecall.toFixed(3)}  ${v.pairF1.toFixed(3)}   ${v.extrasPrecision.toFixed(3)}  ${v.extrasRecall.toFixed(3)}`,
    );
  }
}
console.log(
  "\npair recall by how the back's brand / product fields were corrupted (truth's brandMode/productMode):",
);
console.log("  back fields                 pairs  found  recall");
for (const [k, v] of [...byBackMode].sort((a, b) => b[1].pairs - a[1].pairs))
  console.log(
    `  ${k.padEnd(26)}${String(v.pairs).padStart(6)} ${String(v.found).padStart(6)}   ${(v.found / v.pairs).toFixed(3)}`,
  );
console.log(
  "\ncandidate recall (reachable: the engine took the front for a front and the back for a back; scored: the back was scored for the front; kept: among its top candidateK; matched: the assignment gave the front its back; auto: and accepted it):",
);
console.log(
  "  group                   pairs  reachable  scored/reach  kept/reach  matched/reach  auto/reach",
);
const candidateRow = (k: string, c: CandidateCounts) => {
  const s = candidateShares(c);
  const f = (x: number | null) => (x === null ? "  n/a" : x.toFixed(3));
  console.log(
    `  ${k.padEnd(22)}${String(c.pairs).padStart(6)}  ${f(s.reachableShare).padStart(9)}  ${f(s.scoredOfReachable).padStart(12)}  ${f(s.keptOfReachable).padStart(10)}  ${f(s.matchedOfReachable).padStart(13)}  ${f(s.autoOfReachable).padStart(10)}`,
  );
};
candidateRow("all", allCandidates);
for (const [k, c] of candidatesBy.orderMode) candidateRow(k, c);
for (const [k, c] of [...candidatesBy.size].sort((a, b) => Number(a[0]) - Number(b[0])))
  candidateRow(`${k} img`, c);
console.log(
  `  unreachable pairs by the roles the engine gave front→back: ${
    Object.entries(allCandidates.roleMisses)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(", ") || "none"
  }`,
);
console.log("\nconfidence reliability (every pair output; ECE weighs each bin by its pairs):");
console.log("  confidence   pairs   mean conf  right");
let ece = 0;
const pairsOut = reliability.reduce((n, b) => n + b.pairs, 0);
reliability.forEach((b, i) => {
  if (b.pairs === 0) return;
  ece += (b.pairs / pairsOut) * Math.abs(b.confidence / b.pairs - b.right / b.pairs);
  console.log(
    `  ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}   ${String(b.pairs).padStart(6)}   ${(b.confidence / b.pairs).toFixed(3)}      ${(b.right / b.pairs).toFixed(3)}`,
  );
});
console.log(`  ECE ${ece.toFixed(4)}`);
console.log(
  `  by decider: ${[...byDecider].map(([k, v]) => `${k} ${v.pairs} pairs, ${(v.right / v.pairs).toFixed(3)} right`).join("; ")}`,
);
const largest = res.batches.reduce((a, b) => (b.images > a.images ? b : a), res.batches[0]);
if (jsonPath)
  writeOutputOrExit(
    jsonPath,
    jsonText({
      ...res.aggregate,
      confidenceEce: Math.round(ece * 10000) / 10000,
      modelUse: { frontsAsked, fronts: frontsSeen, smallBatches, smallBatchesUsingModel },
      byDecider: Object.fromEntries(byDecider),
      largestBatch: { batch: largest.batch, images: largest.images, pairF1: largest.pairs.f1 },
      candidates: {
        all: candidateShares(allCandidates),
        byOrderMode: Object.fromEntries([...candidatesBy.orderMode].map(([k, c]) => [k, candidateShares(c)])),
        bySize: Object.fromEntries([...candidatesBy.size].map(([k, c]) => [k, candidateShares(c)])),
      },
    }),
    "results",
  );
if (chartPath && !opts.only) {
  // the scorer's own filename-order baseline, measured on the same batches
  const base = JSON.parse(
    execFileSync("python3", [scorer, "--dir", dir, "--baseline", "--compact"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as { aggregate: typeof agg };
  const groups: BarGroup[] = [];
  for (const key of ["byOrderMode", "bySize"] as const) {
    for (const [k, v] of Object.entries(agg[key] ?? {})) {
      const b = base.aggregate[key]?.[k];
      groups.push({
        label: key === "bySize" ? `${k} img` : k,
        values: [v.pairF1, b?.pairF1 ?? 0, v.extrasRecall],
      });
    }
  }
  const svg = groupedBarChart(
    `Pairing accuracy on ${names.length} dev batches (tie-break off): pooled pair F1 ${agg.micro.pairs.f1.toFixed(3)}`,
    ["engine pair F1", "filename baseline pair F1", "engine extras recall"],
    groups,
  );
  writeOutputOrExit(chartPath, svg, "chart");
}
console.log(`\noutputs in ${out}`);

function writePile(from: string, batches: readonly string[]): string {
  const pileDir = mkdtempSync(join(tmpdir(), "shelfwise-pile-"));
  writeJsonAtomic(join(pileDir, "pile.analysis.json"), pileAnalysis(from, batches));
  writeJsonAtomic(join(pileDir, "pile.truth.json"), pileTruth(from, batches));
  console.log(`${batches.length} batches merged into one pile in ${pileDir}`);
  return pileDir;
}

interface BatchTruth {
  batchInfo?: { orderMode?: string };
  pairs: [string, string][];
  alternates?: Record<string, string[]>;
  images?: Record<string, { brandMode?: string; productMode?: string; productId?: string }>;
}

/** Pairs of a pile whose photos come from two of its batches (the folder `pileAnalysis` put them under). */
function pairsAcrossBatches(truth: BatchTruth, pairs: readonly { frontUrl: string; backUrl: string }[]) {
  const batchOf = (url: string) => url.slice(0, url.indexOf("/"));
  let n = 0;
  let sameProduct = 0;
  for (const p of pairs) {
    if (batchOf(p.frontUrl) === batchOf(p.backUrl)) continue;
    n++;
    const id = truth.images?.[p.frontUrl]?.productId;
    if (id !== undefined && id === truth.images?.[p.backUrl]?.productId) sameProduct++;
  }
  return { pairs: n, sameProduct };
}

/** Bins each output pair by its confidence and whether it is right (an alternate front counts, as in score.py). */
function addReliability(
  truth: BatchTruth,
  pairs: readonly { frontUrl: string; backUrl: string; confidence: number; decidedBy: string }[],
  bins: { pairs: number; right: number; confidence: number }[],
): void {
  const isRight = pairJudge(truth);
  for (const p of pairs) {
    const right = isRight(p.frontUrl, p.backUrl);
    const bin = bins[Math.min(9, Math.floor(p.confidence * 10))];
    bin.pairs++;
    bin.confidence += p.confidence;
    if (right) bin.right++;
    const d = byDecider.get(p.decidedBy) ?? { pairs: 0, right: 0 };
    d.pairs++;
    if (right) d.right++;
    byDecider.set(p.decidedBy, d);
  }
}

/** Counts each true pair under its back's corruption mode, and whether the engine found it (an alternate front counts, as in score.py). */
function countByBackMode(
  truth: BatchTruth,
  pairs: readonly { frontUrl: string; backUrl: string }[],
  acc: Map<string, { pairs: number; found: number }>,
): void {
  const frontOfBack = new Map(pairs.map((p) => [p.backUrl, p.frontUrl]));
  const isRight = pairJudge(truth);
  for (const [, back] of truth.pairs) {
    const img = truth.images?.[back];
    const key = `${img?.brandMode ?? "?"} / ${img?.productMode ?? "?"}`;
    const row = acc.get(key) ?? { pairs: 0, found: 0 };
    row.pairs++;
    const got = frontOfBack.get(back);
    if (got !== undefined && isRight(got, back)) row.found++;
    acc.set(key, row);
  }
}
