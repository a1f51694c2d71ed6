/**
 * npm run bench:pairing-noisy — harsher copies of the labelled dev batches, to see whether the engine's accuracy
 * holds up beyond dev's own noise (the unseen sets are harsher, and often lose the capture order). One copy is
 * written from the knobs below (or a named --preset, bench/pairing/stress-presets.ts) and scored by the accuracy
 * bench; `--preset all` scores dev and every preset at each of --seeds and prints one table. The copies (with the
 * truth files and the bench's score.py, which stay outside the repo) go under --out. Seeded.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { SingleBar } from "cli-progress";
import { Command } from "commander";
import { jsonText, readJsonFile, writeJsonAtomic } from "../../src/lib/fs.js";
import { Rng } from "../../src/lib/rng.js";
import { outputFolderOrExit, outputPathOrExit, wholeNumberArgument, writeOutputOrExit } from "../args.js";
import { type Analysis, addNoise, type NoiseKnobs, type Truth } from "./noise.js";
import { STRESS_PRESET_NAMES, STRESS_PRESETS } from "./stress-presets.js";

const program = new Command()
  .option("--dir <dir>", "bench folder", "../shared/pairing-bench/dev")
  .option(
    "--out <dir>",
    "where to write the noisy benches (a dev/ folder and score.py each)",
    "/tmp/shelfwise-noisy-bench",
  )
  .option("--seed <n>", "random seed (one copy)", "7")
  .option(
    "--preset <name>",
    `a named stress preset instead of the knobs (${STRESS_PRESET_NAMES.join(", ")}), or "all" for the table`,
  )
  .option("--seeds <list>", "with --preset all: the seeds of each preset, comma-separated", "1,2,3")
  .option("--json <file>", "with --preset all: write the table's figures here")
  .option("--ocr <rate>", "extra character error rate in label text", "0.03")
  .option("--drop-cues <share>", "share of photos that lose half their vision cues", "0.3")
  .option("--flip-roles <share>", "share of photos given a random vision role", "0.05")
  .option("--field-ocr <rate>", "character error rate in the brand, product and variant fields", "0")
  .option(
    "--blank-backs <share>",
    "share of photos called a back that lose their brand and product fields",
    "0",
  )
  .option(
    "--colour-drift <share>",
    "share of photos not called a front whose dominant colour becomes a label, cap or background colour",
    "0",
  )
  .option(
    "--pack-drift <share>",
    "share of photos not called a front whose description names the container another way",
    "0",
  )
  .option("--front-brands <share>", "share of photos called a front whose brand is not read", "0")
  .option(
    "--sibling-backs <share>",
    "share of photos called a back whose product field names another product of their brand",
    "0",
  )
  .option(
    "--distributor-backs <share>",
    "share of photos called a back whose brand field is a distributor printed in their text",
    "0",
  )
  .option(
    "--variant-backs <share>",
    "share of photos called a back with a variant field that lose it, or (half of them, when their brand has one) read another variant of their brand",
    "0",
  )
  .option(
    "--generic-backs <share>",
    "share of photos called a back whose product field is only a generic type",
    "0",
  )
  .option("--shuffle-names <share>", "share of batches whose file names are shuffled among their photos", "0")
  .option("--random-names <share>", "share of batches whose file names become random ids", "0")
  .option("--shuffle-largest", "always shuffle the largest batch's file names");
program.parse();
const o = program.opts<Record<string, string | boolean | undefined>>();
const num = (name: string, v: unknown) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0 || x > 1) {
    console.error(`error: --${name} must be a number between 0 and 1, got "${v}"`);
    process.exit(2);
  }
  return x;
};
const flagKnobs: NoiseKnobs = {
  ocr: num("ocr", o.ocr),
  dropCues: num("drop-cues", o.dropCues),
  flipRoles: num("flip-roles", o.flipRoles),
  fieldOcr: num("field-ocr", o.fieldOcr),
  blankBacks: num("blank-backs", o.blankBacks),
  colourDrift: num("colour-drift", o.colourDrift),
  packDrift: num("pack-drift", o.packDrift),
  frontBrands: num("front-brands", o.frontBrands),
  siblingBacks: num("sibling-backs", o.siblingBacks),
  distributorBacks: num("distributor-backs", o.distributorBacks),
  variantBacks: num("variant-backs", o.variantBacks),
  genericBacks: num("generic-backs", o.genericBacks),
  shuffleNames: num("shuffle-names", o.shuffleNames),
  randomNames: num("random-names", o.randomNames),
  shuffleLargest: o.shuffleLargest === true,
};
const preset = o.preset as string | undefined;
if (preset !== undefined && preset !== "all" && !(preset in STRESS_PRESETS)) {
  console.error(`error: --preset must be one of ${STRESS_PRESET_NAMES.join(", ")} or all (got "${preset}")`);
  process.exit(2);
}
const seeds = String(o.seeds)
  .split(",")
  .map((x) => wholeNumberArgument(x.trim()));
const jsonPath = outputPathOrExit("--json", o.json as string | undefined);
const dir = resolve(String(o.dir));
const scorer = resolve(dir, "..", "score.py");
if (!existsSync(dir) || !existsSync(scorer)) {
  console.log(
    `bench:pairing-noisy skipped: ${dir} or its score.py is not here (the bench lives in ../shared).`,
  );
  process.exit(0);
}
// made before any batch is read: a file in the way is one line and exit 2, not a stack trace
const out = outputFolderOrExit("--out", String(o.out));

/** Writes a corrupted copy of the bench to <to>/dev (and its score.py); returns the photo count. */
function writeCopy(to: string, knobs: NoiseKnobs, seed: number): { dev: string; photos: number } {
  const rng = new Rng(seed);
  const dev = outputFolderOrExit("--out", join(to, "dev"));
  copyFileSync(scorer, join(to, "score.py"));
  const files = readdirSync(dir)
    .filter((x) => x.endsWith(".analysis.json"))
    .sort();
  const sizes = files.map((f) => readFileSync(join(dir, f)).length);
  const largest = sizes.indexOf(Math.max(...sizes));
  let photos = 0;
  files.forEach((f, i) => {
    const a = readJsonFile(join(dir, f)) as Analysis;
    const truthFile = f.replace(".analysis.json", ".truth.json");
    const truth = readJsonFile(join(dir, truthFile)) as Truth;
    addNoise(a, truth, knobs, rng, i === largest);
    photos += Array.isArray(a.imageInsights) ? a.imageInsights.length : Object.keys(a.imageInsights).length;
    writeJsonAtomic(join(dev, f), a);
    writeJsonAtomic(join(dev, truthFile), truth);
  });
  return { dev, photos };
}

if (preset !== "all") {
  const knobs = preset ? STRESS_PRESETS[preset].knobs : flagKnobs;
  const seed = wholeNumberArgument(String(o.seed));
  const { dev, photos } = writeCopy(out, knobs, seed);
  console.log(
    `wrote ${photos} photos to ${dev} (seed ${seed}, ${preset ? `preset ${preset}: ` : ""}${Object.entries(
      knobs,
    )
      .filter(([, v]) => v !== 0 && v !== false)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}); scoring:`,
  );
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/pairing/accuracy.ts", "--dir", dev], {
    stdio: "inherit",
  });
  process.exit(r.status ?? 1);
}

interface Figures {
  micro: { pairs: { precision: number; recall: number; f1: number }; extras: { recall: number } };
  largestBatch: { batch: string; images: number; pairF1: number };
  candidates: { all: { scoredOfReachable: number | null; keptOfReachable: number | null } };
}
const runs: { label: string; dir: string }[] = [{ label: "dev", dir }];
for (const name of STRESS_PRESET_NAMES)
  for (const seed of seeds)
    runs.push({
      label: `${name} s${seed}`,
      dir: writeCopy(join(out, `${name}-${seed}`), STRESS_PRESETS[name].knobs, seed).dev,
    });
const bar = new SingleBar({ format: "scoring {bar} {value}/{total} | {name}", hideCursor: true });
bar.start(runs.length, 0, { name: "" });
const rows: { label: string; figures: Figures }[] = [];
for (const run of runs) {
  bar.update({ name: run.label });
  const json = join(out, `${run.label.replace(" ", "-")}.accuracy.json`);
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", "bench/pairing/accuracy.ts", "--dir", run.dir, "--json", json],
    {
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (r.status !== 0) {
    bar.stop();
    console.error(`error: the accuracy bench failed on ${run.dir} (exit ${r.status})`);
    process.exit(1);
  }
  rows.push({ label: run.label, figures: readJsonFile(json) as Figures });
  bar.increment();
}
bar.stop();
for (const [name, p] of Object.entries(STRESS_PRESETS)) console.log(`${name}: ${p.about}`);
console.log("\n  set               pairP  pairR  pairF1  extrasR  largest F1  cand scored  cand kept");
const f3 = (x: number | null | undefined) => (x === null || x === undefined ? "  n/a" : x.toFixed(3));
for (const { label, figures: f } of rows)
  console.log(
    `  ${label.padEnd(16)}  ${f3(f.micro.pairs.precision)}  ${f3(f.micro.pairs.recall)}  ${f3(f.micro.pairs.f1)}   ${f3(f.micro.extras.recall)}      ${f3(f.largestBatch.pairF1)}        ${f3(f.candidates.all.scoredOfReachable)}      ${f3(f.candidates.all.keptOfReachable)}`,
  );
for (const name of STRESS_PRESET_NAMES) {
  const mine = rows.filter((r) => r.label.startsWith(`${name} `));
  const mean = (pick: (f: Figures) => number) => mine.reduce((s, r) => s + pick(r.figures), 0) / mine.length;
  console.log(
    `  ${`${name} mean`.padEnd(16)}  ${f3(mean((f) => f.micro.pairs.precision))}  ${f3(mean((f) => f.micro.pairs.recall))}  ${f3(mean((f) => f.micro.pairs.f1))}   ${f3(mean((f) => f.micro.extras.recall))}      ${f3(mean((f) => f.largestBatch.pairF1))}`,
  );
}
if (jsonPath)
  writeOutputOrExit(jsonPath, jsonText(Object.fromEntries(rows.map((r) => [r.label, r.figures]))), "results");
