/**
 * Photo-to-pairs accuracy on ../shared/pairing-photos: for every set, (a) as shot and (b) blind (random
 * names, EXIF stripped, shuffled order; made here in a temp folder), analyse the photos offline, pair them,
 * and score with the pairing bench's own score.py after converting the set's truth. Also reports seconds per
 * photo (no cache, so every photo is decoded and OCR-ed).
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { jsonText, readJsonFile, writeFileAtomic, writeJsonAtomic } from "../../src/lib/fs.js";
import { progressBar } from "../../src/lib/progress.js";
import { type BarGroup, groupedBarChart } from "../../src/lib/svg-chart.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import { analyzeFolder, listPhotos } from "../../src/pairing/photos/index.js";
import { renderReview } from "../../src/pairing/photos/review.js";
import { outputFolderOrExit, outputPathOrExit, wholeNumberArgument, writeOutputOrExit } from "../args.js";
import { makeBlindCopy } from "./blind.js";

const program = new Command()
  .option("--dir <dir>", "photo sets with truth.json", "../shared/pairing-photos")
  .option("--scorer <file>", "the pairing bench's scorer", "../shared/pairing-bench/score.py")
  .option("--seed <n>", "seed of the blind names", "7")
  .option("--out <dir>", "keep outputs (pairing.json, review.html per run) here")
  .option("--chart <file>", "write an SVG chart of pair F1 per set and mode")
  .option("--json <file>", "write the per-run figures as JSON")
  .option("--cache <dir>", "reuse cached photo facts (then s/photo no longer measures analysis)");
program.parse();
const opts = program.opts<{
  dir: string;
  scorer: string;
  seed: string;
  out?: string;
  chart?: string;
  json?: string;
  cache?: string;
}>();

const seed = wholeNumberArgument(opts.seed);
const chartPath = outputPathOrExit("--chart", opts.chart);
const jsonPath = outputPathOrExit("--json", opts.json);
const dir = resolve(opts.dir);
const scorer = resolve(opts.scorer);
if (!existsSync(join(dir, "truth.json")) || !existsSync(scorer)) {
  console.log(
    `bench:pairing-photos skipped: ${dir}/truth.json or ${scorer} is not here (they live in ../shared).`,
  );
  process.exit(0);
}
interface SetTruth {
  pairs: [string, string][];
  singletons: string[];
}
const truth = (readJsonFile(join(dir, "truth.json")) as { sets: Record<string, SetTruth> }).sets;
const work = mkdtempSync(join(tmpdir(), "shelfwise-photos-"));
const out = opts.out ? outputFolderOrExit("--out", opts.out) : join(work, "out");
// the tie-break is an option for vision-model analyses; this measures the offline path alone
const config = loadPairingConfig({ ...process.env, PAIR_DISABLE_TIEBREAK: "1" });

interface Row {
  set: string;
  mode: "as shot" | "blind";
  photos: number;
  truePairs: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
  f1: number;
  singletonReasons: string;
  secondsPerPhoto: number;
}
const rows: Row[] = [];
// Every set again as one folder: more look-alikes per batch than any single set, a check on generalisation.
const merged = join(work, "all-sets");
const mergedTruth: SetTruth = { pairs: [], singletons: [] };
mkdirSync(merged, { recursive: true });
for (const [set, t] of Object.entries(truth)) {
  const prefix = (n: string) => `${set}-${n}`;
  for (const n of listPhotos(join(dir, set))) copyFileSync(join(dir, set, n), join(merged, prefix(n)));
  mergedTruth.pairs.push(...t.pairs.map(([f, b]) => [prefix(f), prefix(b)] as [string, string]));
  mergedTruth.singletons.push(...t.singletons.map(prefix));
}
const runs: [string, string, SetTruth][] = Object.entries(truth).map(([set, t]) => [set, join(dir, set), t]);
runs.push(["all sets", merged, mergedTruth]);
for (const [set, src, t] of runs) {
  const names = listPhotos(src);
  for (const mode of ["as shot", "blind"] as const) {
    let folder = src;
    let rename = (n: string) => n;
    if (mode === "blind") {
      folder = join(work, `${set.replace(/\W+/g, "-")}-blind`);
      const map = await makeBlindCopy(src, names, folder, seed + rows.length);
      rename = (n) => map.get(n) ?? n;
    }
    const { analysis, stats } = await analyzeFolder(folder, {
      cacheDir: opts.cache ? resolve(opts.cache) : null,
      progress: (total) => progressBar(`${set} ${mode}`.slice(0, 14), total, "photos"),
    });
    const run = pairAnalysis(analysis, config, `${set} (${mode})`);
    const tag = `${set.replace(/\W+/g, "-")}-${mode === "blind" ? "blind" : "asshot"}`;
    const truthFile = join(out, `${tag}.truth.json`);
    writeJsonAtomic(truthFile, {
      pairs: t.pairs.map(([f, b]) => [rename(f), rename(b)]),
      extras: {},
      alternates: {},
      singletons: t.singletons.map(rename),
      products: t.pairs.length,
    });
    const outFile = join(out, `${tag}.pairing.json`);
    writeJsonAtomic(outFile, run.result);
    writeJsonAtomic(join(out, `${tag}.analysis.json`), analysis);
    if (opts.out)
      writeFileAtomic(join(out, `${tag}.review.html`), await renderReview(run.result, folder, run.metrics));
    const score = JSON.parse(
      execFileSync("python3", [scorer, truthFile, outFile, "--compact"], { encoding: "utf8" }),
    ) as {
      pairs: {
        precision: number;
        recall: number;
        f1: number;
        truePairs: number;
        predicted: number;
        correct: number;
      };
    };
    const reasons = Object.entries(run.metrics.singletonReasons)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    rows.push({
      set,
      mode,
      photos: names.length,
      truePairs: score.pairs.truePairs,
      predicted: score.pairs.predicted,
      correct: score.pairs.correct,
      precision: score.pairs.precision,
      recall: score.pairs.recall,
      f1: score.pairs.f1,
      singletonReasons: reasons,
      secondsPerPhoto: stats.secondsPerPhoto,
    });
  }
}

const table = new Table({
  head: [
    "set",
    "mode",
    "photos",
    "true pairs",
    "predicted",
    "correct",
    "pair P",
    "pair R",
    "pair F1",
    "s/photo",
    "singletons",
  ],
});
for (const r of rows) {
  table.push([
    r.set,
    r.mode,
    r.photos,
    r.truePairs,
    r.predicted,
    r.correct,
    r.precision.toFixed(3),
    r.recall.toFixed(3),
    r.f1.toFixed(3),
    r.secondsPerPhoto.toFixed(2),
    r.singletonReasons,
  ]);
}
console.log(table.toString());
for (const mode of ["as shot", "blind"] as const) {
  const rs = rows.filter((r) => r.mode === mode && r.set !== "all sets");
  const tp = rs.reduce((s, r) => s + r.correct, 0);
  const pred = rs.reduce((s, r) => s + r.predicted, 0);
  const truthN = rs.reduce((s, r) => s + r.truePairs, 0);
  const p = pred ? tp / pred : 1;
  const rc = truthN ? tp / truthN : 1;
  const photos = rs.reduce((s, r) => s + r.photos, 0);
  const secs = rs.reduce((s, r) => s + r.secondsPerPhoto * r.photos, 0) / Math.max(1, photos);
  console.log(
    `POOLED ${mode} (the ${rs.length} sets): pairs ${tp}/${truthN} correct of ${pred} predicted · P ${p.toFixed(3)} R ${rc.toFixed(3)} F1 ${(p + rc > 0 ? (2 * p * rc) / (p + rc) : 0).toFixed(3)} · ${secs.toFixed(2)} s/photo`,
  );
}
if (jsonPath) writeOutputOrExit(jsonPath, jsonText(rows), "results");
if (chartPath) {
  const groups: BarGroup[] = [...Object.keys(truth), "all sets"].map((set) => ({
    label: set,
    values: ["as shot", "blind"].map((m) => rows.find((r) => r.set === set && r.mode === m)?.f1 ?? 0),
  }));
  writeOutputOrExit(
    chartPath,
    groupedBarChart("Photo-to-pairs F1 (offline analysis, tie-break off)", ["as shot", "blind"], groups),
    "chart",
  );
}
if (opts.out) console.log(`outputs in ${out}`);
else rmSync(work, { recursive: true, force: true });
