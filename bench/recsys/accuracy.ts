/**
 * npm run bench:recs-accuracy [-- --hasaki ../shared/recsys-data/hasaki --generated --out out/bench/accuracy]
 * Trains every model type on a prepared dataset, evaluates them side by side on the held-out test events (full
 * catalogue), and writes a markdown table, JSON and an SVG chart per dataset. Real data stays outside the repo.
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { runCli } from "../../src/cli/common.js";
import { writeFileAtomic, writeJsonAtomic } from "../../src/lib/fs.js";
import { NO_PROGRESS } from "../../src/lib/progress.js";
import { generateDemoShop } from "../../src/recsys/data/demo.js";
import { prepareDataset } from "../../src/recsys/data/prepare.js";
import { loadPreset } from "../../src/recsys/data/presets.js";
import {
  comparisonChart,
  comparisonMarkdown,
  comparisonTable,
  flattenMetrics,
} from "../../src/recsys/eval/report.js";
import { MODEL_TYPES } from "../../src/recsys/index.js";
import { evaluateRegistered, trainAndRegister } from "../../src/recsys/pipeline.js";
import { wholeNumberArgument } from "../args.js";

const defaultHasaki = new URL("../../../shared/recsys-data/hasaki", import.meta.url).pathname;
const program = new Command()
  .option("--hasaki <dir>", "Hasaki export (Danh_gia.csv, San_pham.csv)", defaultHasaki)
  .option("--generated", "also run the full-scale generated shop (slower)")
  .option("--sample <n>", "evaluate a seeded sample of users on the generated shop", "5000")
  .option("--out <dir>", "where reports go", "out/bench/accuracy")
  .option("--chart-dir <dir>", "where SVG charts go", "docs");

async function run(
  name: string,
  input: string,
  preset: string,
  out: string,
  chartDir: string,
  sample: number,
): Promise<string> {
  const data = join(out, name, "prepared");
  const artifacts = join(out, name, "artifacts");
  rmSync(artifacts, { recursive: true, force: true });
  mkdirSync(artifacts, { recursive: true });
  const t0 = performance.now();
  await prepareDataset({ input, out: data, preset: loadPreset(preset) });
  for (const type of MODEL_TYPES) {
    const t = performance.now();
    const r = await trainAndRegister({
      type,
      data,
      artifacts,
      overrides: {},
      seed: 7,
      evalSample: sample,
      promote: true,
      progress: () => NO_PROGRESS,
    });
    console.log(
      `${name}: ${type.padEnd(10)} val NDCG@10 ${r.entry.selection_metric.toFixed(4)}  test HR@10 ${r.test.groups.all.hr.toFixed(4)}  (${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );
  }
  const { models, ds } = await evaluateRegistered({
    data,
    artifacts,
    ids: [],
    sample,
    seed: 7,
    progress: () => NO_PROGRESS,
  });
  console.log(comparisonTable(models));
  const title = `${name}: test events, ${ds.nItems} items ranked${sample ? `, sample of ${sample} users` : ""}`;
  const md = comparisonMarkdown(models, title);
  writeFileAtomic(join(out, `${name}.md`), md);
  writeJsonAtomic(
    join(out, `${name}.json`),
    models.map((m) => ({ id: m.id, type: m.type, metrics: flattenMetrics(m.result) })),
  );
  writeFileAtomic(
    join(chartDir, `recs-${name}.svg`),
    comparisonChart(models, `HR@10 on held-out events (${name})`),
  );
  console.log(
    `${name}: done in ${((performance.now() - t0) / 1000).toFixed(1)} s; report ${join(out, `${name}.md`)}`,
  );
  return md;
}

runCli(async () => {
  program.parse();
  const o = program.opts<{
    hasaki: string;
    generated?: boolean;
    sample: string;
    out: string;
    chartDir: string;
  }>();
  // checked before the Hasaki run: a typo must not cost its minutes, nor turn into "every user" (0)
  const sample = wholeNumberArgument(o.sample, "--sample");
  const out = resolve(o.out);
  const parts: string[] = [];
  if (existsSync(join(o.hasaki, "Danh_gia.csv")))
    parts.push(await run("hasaki", o.hasaki, "hasaki", out, o.chartDir, 0));
  else console.log(`skipping Hasaki: ${o.hasaki} not found`);
  if (o.generated) {
    const shop = resolve("out/bench/shop-full");
    if (!existsSync(join(shop, "data_reviews_purchase.csv"))) generateDemoShop(shop, "full", 42);
    parts.push(await run("generated-full", shop, "shopee", out, o.chartDir, sample));
  }
  writeFileAtomic(join(out, "summary.md"), parts.join("\n"));
  return 0;
});
