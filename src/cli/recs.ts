/**
 * npm run recs -- demo-data | prepare | train | evaluate | registry
 * The offline half of the cosmetics recommender. User errors print one line and exit 2.
 */

import { resolve } from "node:path";
import Table from "cli-table3";
import { Command, InvalidArgumentError, Option } from "commander";
import { writeFileAtomic, writeJsonAtomic } from "../lib/fs.js";
import { NO_PROGRESS, progressBar } from "../lib/progress.js";
import {
  comparisonChart,
  comparisonMarkdown,
  comparisonTable,
  DEMO_SHAPES,
  type DemoScale,
  evaluateRegistered,
  flattenMetrics,
  generateDemoShop,
  groupHr,
  loadPreset,
  loadRegistry,
  MODEL_TYPES,
  type ModelType,
  prepareDataset,
  promote,
  RegistryError,
  registryPath,
  rollback,
  SELECTION_METRIC,
  saveRegistry,
  trainAndRegister,
  verifyEntry,
} from "../recsys/index.js";
import { runCli } from "./common.js";

const DEFAULT_ARTIFACTS = "artifacts/cf";

function intArg(name: string, min = 0) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new InvalidArgumentError(`${name} must be an integer >= ${min} (got "${v}")`);
    return n;
  };
}

function collectParam(v: string, acc: Record<string, string>): Record<string, string> {
  const eq = v.indexOf("=");
  if (eq <= 0) throw new InvalidArgumentError(`--param expects key=value (got "${v}")`);
  acc[v.slice(0, eq)] = v.slice(eq + 1);
  return acc;
}

const progress = (quiet?: boolean) => (quiet ? () => NO_PROGRESS : progressBar);

const program = new Command()
  .name("recs")
  .description("Cosmetics recommender: data, models, evaluation, registry")
  .showHelpAfterError();

program
  .command("demo-data")
  .description("write a generated cosmetics shop in the Shopee schema (deterministic from --seed)")
  .requiredOption("--out <dir>", "folder to write the CSV files into")
  .addOption(
    new Option("--scale <scale>", "demo (fast first start) or full (benchmark size)")
      .choices(Object.keys(DEMO_SHAPES))
      .default("demo"),
  )
  .option("--seed <n>", "random seed", intArg("--seed"), 42)
  .option("--quiet", "no progress bar")
  .action((o: { out: string; scale: DemoScale; seed: number; quiet?: boolean }) => {
    const shape = DEMO_SHAPES[o.scale];
    const bar = progress(o.quiet)("demo-data", shape.users);
    const s = generateDemoShop(resolve(o.out), o.scale, o.seed, (done) => bar.update(done));
    bar.stop();
    console.log(
      `wrote ${s.files.join(", ")} to ${o.out}: ${s.users} users, ${s.products} products, ${s.reviews} reviews (seed ${o.seed})`,
    );
  });

program
  .command("prepare")
  .description("ingest, clean, score confidence, segment and split a shop export")
  .addOption(
    new Option("--preset <name>", "input schema")
      .choices(["shopee", "hasaki", "generic"])
      .makeOptionMandatory(),
  )
  .requiredOption("--input <dir>", "folder with the shop's CSV files")
  .requiredOption("--out <dir>", "folder for the prepared dataset")
  .option(
    "--mapping <file>",
    "YAML column mapping for the generic preset (example: configs/presets/generic.example.yaml)",
  )
  .option(
    "--min-item-positives <n>",
    "item filter threshold (overrides the preset)",
    intArg("--min-item-positives"),
  )
  .option(
    "--min-interactions <n>",
    "events a trainable user needs (overrides the preset)",
    intArg("--min-interactions", 1),
  )
  .addOption(
    new Option("--holdout <rule>", "which event is held out (overrides the preset)").choices([
      "latest",
      "latest_positive",
    ]),
  )
  .option(
    "--positive-rating <n>",
    "a rating at or above this is a positive (overrides the preset)",
    intArg("--positive-rating", 1),
  )
  .option("--require-positive", "trainable users need a positive event (overrides the preset)")
  .option("--no-require-positive", "trainable users need no positive event")
  .addOption(
    new Option("--date-order <order>", "how to read 3/1/2020 (overrides the preset)").choices(["dmy", "mdy"]),
  )
  .option("--quiet", "no progress bar")
  .addHelpText(
    "after",
    "\nThe generic preset reads any interaction log: user, item, and optionally a rating (without one, or with one\nvalue throughout, every row is a positive) and a date (calendar dates, Unix seconds or milliseconds, or\nsequence integers). See configs/presets/generic.example.yaml and the README.",
  )
  .action(
    async (o: {
      preset: string;
      input: string;
      out: string;
      mapping?: string;
      minItemPositives?: number;
      minInteractions?: number;
      holdout?: "latest" | "latest_positive";
      positiveRating?: number;
      requirePositive?: boolean;
      dateOrder?: "dmy" | "mdy";
      quiet?: boolean;
    }) => {
      const preset = loadPreset(o.preset, o.mapping);
      if (o.dateOrder) preset.dateOrder = o.dateOrder;
      const seg: Record<string, unknown> = {};
      if (o.minItemPositives !== undefined) seg.minItemPositives = o.minItemPositives;
      if (o.minInteractions !== undefined) seg.minInteractions = o.minInteractions;
      if (o.holdout) seg.holdout = o.holdout;
      if (o.positiveRating !== undefined) seg.positiveRating = o.positiveRating;
      if (o.requirePositive !== undefined) seg.requirePositive = o.requirePositive;
      const report = await prepareDataset({
        input: resolve(o.input),
        out: resolve(o.out),
        preset,
        segmentation: seg,
        progress: progress(o.quiet),
      });
      const t = new Table({ head: ["step", "rows", "note"], style: { head: [], border: [] } });
      for (const s of report.steps) t.push([s.step, String(s.rows), s.note ?? ""]);
      console.log(t.toString());
      console.log(`timestamps: ${report.timestamps}; feedback: ${report.feedback}`);
      const dropped = Object.entries(report.dropped);
      if (dropped.length > 0) console.log(`dropped: ${dropped.map(([k, v]) => `${k} ${v}`).join(", ")}`);
      for (const i of report.issues.slice(0, 5))
        console.log(`  ${i.file}:${i.line} column ${i.column} value "${i.value}": ${i.reason}`);
      if (report.issues.length > 5)
        console.log(`  ... ${report.issues.length - 5} more examples in processing_report.md`);
      for (const r of report.rejectedRows.slice(0, 5))
        console.log(`  ${r.file}:${r.line}: unparseable row (${r.error})`);
      const s = report.stats;
      console.log(
        `users ${s.users} (trainable ${s.trainable_users}, one event ${s.cold_users}), items ${s.items}, interactions ${s.interactions}, test users ${s.test_users}, val users ${s.val_users}, data hash ${s.data_hash}`,
      );
      console.log(`prepared in ${report.seconds.toFixed(2)} s -> ${o.out}`);
    },
  );

program
  .command("train")
  .description("fit a model, measure it on validation and test events, save its artifacts and register it")
  .addOption(
    new Option("--model <type>", "model type")
      .choices(MODEL_TYPES as unknown as string[])
      .makeOptionMandatory(),
  )
  .requiredOption("--data <dir>", "prepared dataset folder")
  .option("--artifacts <dir>", "model registry folder", DEFAULT_ARTIFACTS)
  .option("--param <key=value>", "model parameter (repeatable), e.g. --param factors=32", collectParam, {})
  .option("--seed <n>", "random seed", intArg("--seed"), 7)
  .option(
    "--eval-sample <n>",
    "evaluate a seeded sample of this many users (0 = all)",
    intArg("--eval-sample"),
    0,
  )
  .option("--no-promote", "register without applying the promotion rule")
  .option("--quiet", "no progress bars")
  .action(
    async (o: {
      model: ModelType;
      data: string;
      artifacts: string;
      param: Record<string, string>;
      seed: number;
      evalSample: number;
      promote: boolean;
      quiet?: boolean;
    }) => {
      const r = await trainAndRegister({
        type: o.model,
        data: o.data,
        artifacts: o.artifacts,
        overrides: o.param,
        seed: o.seed,
        evalSample: o.evalSample,
        promote: o.promote,
        progress: progress(o.quiet),
      });
      const t = new Table({
        head: ["split", "users", "HR@10", "NDCG@10", "Recall@10", "MAP@10", "HR@10 trainable", "HR@10 cold"],
        style: { head: [], border: [] },
      });
      for (const [name, e] of [
        ["validation", r.val],
        ["test", r.test],
      ] as const) {
        const g = e.groups;
        t.push([
          name,
          String(g.all.users),
          g.all.hr.toFixed(4),
          g.all.ndcg.toFixed(4),
          g.all.recall.toFixed(4),
          g.all.map.toFixed(4),
          groupHr(g.trainable, (x) => x.toFixed(4)),
          groupHr(g.cold, (x) => x.toFixed(4)),
        ]);
      }
      console.log(t.toString());
      console.log(`registered ${r.entry.id} (${r.entry.fit_seconds.toFixed(2)} s fit) in ${o.artifacts}`);
      console.log(
        `${r.decision.promoted ? "promoted to current_best" : "not promoted"}: ${r.decision.reason}`,
      );
    },
  );

program
  .command("evaluate")
  .description("evaluate registered models side by side on the test events (full catalogue ranking)")
  .requiredOption("--data <dir>", "prepared dataset folder")
  .option("--artifacts <dir>", "model registry folder", DEFAULT_ARTIFACTS)
  .option("--models <ids>", "comma-separated model ids (default: every model trained on this data)")
  .option("--sample <n>", "evaluate a seeded sample of this many users (0 = all)", intArg("--sample"), 0)
  .option("--seed <n>", "sampling seed", intArg("--seed"), 7)
  .option("--json <file>", "write metrics as JSON")
  .option("--report <file>", "write a markdown report")
  .option("--chart <file>", "write an SVG chart of HR@10 by user group")
  .option("--quiet", "no progress bars")
  .action(
    async (o: {
      data: string;
      artifacts: string;
      models?: string;
      sample: number;
      seed: number;
      json?: string;
      report?: string;
      chart?: string;
      quiet?: boolean;
    }) => {
      const ids = (o.models ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const { models, ds } = await evaluateRegistered({
        data: o.data,
        artifacts: o.artifacts,
        ids,
        sample: o.sample,
        seed: o.seed,
        progress: progress(o.quiet),
      });
      console.log(comparisonTable(models));
      const title = `Test events, ${ds.nItems} items ranked (${ds.dir})`;
      if (o.json)
        writeJsonAtomic(resolve(o.json), {
          data: ds.dir,
          data_hash: ds.stats.data_hash,
          models: models.map((m) => ({
            id: m.id,
            type: m.type,
            metrics: flattenMetrics(m.result),
            groups: m.result.groups,
          })),
        });
      if (o.report) writeFileAtomic(resolve(o.report), comparisonMarkdown(models, title));
      if (o.chart) writeFileAtomic(resolve(o.chart), comparisonChart(models, "HR@10 on held-out events"));
    },
  );

const registry = program
  .command("registry")
  .description("list, promote, roll back and verify registered models");
registry
  .command("list")
  .option("--artifacts <dir>", "model registry folder", DEFAULT_ARTIFACTS)
  .action((o: { artifacts: string }) => {
    const reg = loadRegistry(resolve(o.artifacts));
    const t = new Table({
      head: ["id", "type", "status", "val NDCG@10", "test HR@10", "data", "created"],
      style: { head: [], border: [] },
    });
    for (const m of reg.models)
      t.push([
        m.id,
        m.type,
        m.status,
        m.selection_metric.toFixed(4),
        (m.metrics.test["hr@10"] ?? 0).toFixed(4),
        m.data_hash,
        m.created.slice(0, 19),
      ]);
    console.log(t.toString());
    console.log(
      `current_best: ${reg.current_best ?? "(none)"}; rule: highest ${SELECTION_METRIC} on the same data`,
    );
  });
registry
  .command("promote <id>")
  .option("--artifacts <dir>", "model registry folder", DEFAULT_ARTIFACTS)
  .option("--force", "promote even if it is worse than the current best")
  .action((id: string, o: { artifacts: string; force?: boolean }) => {
    const dir = resolve(o.artifacts);
    const reg = loadRegistry(dir);
    const d = promote(reg, dir, id, Boolean(o.force));
    saveRegistry(dir, reg);
    console.log(`${d.promoted ? "promoted" : "unchanged"}: ${d.reason}`);
  });
registry
  .command("rollback")
  .option("--artifacts <dir>", "model registry folder", DEFAULT_ARTIFACTS)
  .action((o: { artifacts: string }) => {
    const dir = resolve(o.artifacts);
    const reg = loadRegistry(dir);
    const d = rollback(reg, dir);
    saveRegistry(dir, reg);
    console.log(d.reason);
  });
registry
  .command("verify")
  .description("check every model's artifacts against their checksums; exit 1 if any fail")
  .option("--artifacts <dir>", "model registry folder", DEFAULT_ARTIFACTS)
  .action((o: { artifacts: string }) => {
    const dir = resolve(o.artifacts);
    const reg = loadRegistry(dir);
    if (reg.models.length === 0) throw new RegistryError(`${registryPath(dir)}: no models registered`);
    let bad = 0;
    for (const m of reg.models) {
      const problems = verifyEntry(dir, m);
      if (problems.length === 0) console.log(`ok      ${m.id}`);
      else {
        bad++;
        for (const p of problems) console.log(`FAILED  ${m.id}: ${p}`);
      }
    }
    if (bad > 0) process.exitCode = 1;
  });

runCli(async () => {
  await program.parseAsync();
  return process.exitCode as number | undefined;
});
