/**
 * npm run pairing -- analyze <folder> --out analysis.json     photos → analysis.json (no cloud model needed)
 * npm run pairing -- run <folder> --out <dir>                 analyze + pair: analysis.json, pairing.json,
 *                                                             pairing-metrics.json and review.html in <dir>
 */
import { join, resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { jsonText, writeFilesAtomic, writeJsonAtomic } from "../lib/fs.js";
import { progressBar } from "../lib/progress.js";
import {
  type AnalyzeStats,
  analyzeFolder,
  defaultCacheDir,
  listingName,
  loadPairingConfig,
  metricsLine,
  modelConfigured,
  openAiVisionReader,
  type PairingConfig,
  pairWithTieBreak,
  renderReview,
  renderSummary,
  type VisionReader,
} from "../pairing/index.js";
import { UsageError } from "./common.js";

interface PhotoOpts {
  out?: string;
  cache: string | boolean;
  vision: string;
  quiet?: boolean;
}

function withPhotoOptions(cmd: Command): Command {
  return cmd
    .option("--cache <dir>", "where per-photo facts are cached by content hash", defaultCacheDir())
    .option("--no-cache", "analyse every photo afresh")
    .option(
      "--vision <mode>",
      "none (OCR, offline) or openai (an OpenAI-compatible vision model: PAIR_MODEL, PAIR_MODEL_BASE_URL)",
      "none",
    )
    .option("--quiet", "print only the summary lines");
}

function visionReader(mode: string, config: PairingConfig, cacheDir: string | null): VisionReader | null {
  if (mode === "none") return null;
  if (mode !== "openai") throw new UsageError(`--vision must be none or openai (got "${mode}")`);
  if (!modelConfigured(config.tieBreak)) {
    throw new UsageError("--vision openai needs PAIR_MODEL_BASE_URL or OPENAI_API_KEY");
  }
  return openAiVisionReader(config.tieBreak, cacheDir);
}

async function analyze(folder: string, opts: PhotoOpts, config: PairingConfig) {
  const cacheDir = opts.cache === false ? null : String(opts.cache);
  const vision = visionReader(opts.vision, config, cacheDir);
  const { analysis, stats } = await analyzeFolder(folder, {
    cacheDir,
    vision,
    progress: (total) => progressBar("analysing", total, "photos"),
  });
  console.log(analyzeLine(stats));
  if (stats.skipped.length > 0) {
    const shown = stats.skipped.slice(0, 10).join(", ");
    const more = stats.skipped.length > 10 ? ` and ${stats.skipped.length - 10} more` : "";
    console.error(`note: ${stats.skipped.length} entries are not photos and were not read: ${shown}${more}`);
  }
  if (vision && vision.stats.errors.length > 0) {
    for (const e of vision.stats.errors.slice(0, 10)) console.error(`vision: ${e}`);
  }
  return { analysis, stats };
}

function analyzeLine(s: AnalyzeStats): string {
  return `ANALYZE photos=${s.photos} skipped=${s.skipped.length} cached=${s.cached} unreadable=${s.unreadable} visionFallbacks=${s.visionFallbacks} seconds=${s.seconds} secondsPerPhoto=${s.secondsPerPhoto}`;
}

export function photoCommands(): Command {
  const program = new Command().name("pairing").description("Analyse and pair a folder of product photos");
  withPhotoOptions(
    program
      .command("analyze <folder>")
      .description("write the standard analysis.json for every photo of a folder")
      .option("--out <file>", "analysis.json to write", "analysis.json"),
  ).action(async (folder: string, opts: PhotoOpts) => {
    const config = loadPairingConfig();
    const { analysis } = await analyze(folder, opts, config);
    writeJsonAtomic(resolve(opts.out ?? "analysis.json"), analysis);
    console.log(`wrote ${opts.out}`);
  });
  withPhotoOptions(
    program
      .command("run <folder>")
      .description("analyse and pair: analysis.json, pairing.json, pairing-metrics.json, review.html")
      .requiredOption("--out <dir>", "folder for the outputs"),
  ).action(async (folder: string, opts: PhotoOpts) => {
    const config = loadPairingConfig();
    const out = resolve(opts.out ?? "pairing-run");
    const { analysis } = await analyze(folder, opts, config);
    const run = await pairWithTieBreak(analysis, config, join(folder, "(analysis)"));
    const html = await renderReview(run.result, folder, run.metrics);
    writeFilesAtomic([
      { path: join(out, "analysis.json"), data: jsonText(analysis) },
      { path: join(out, "pairing.json"), data: jsonText(run.result) },
      { path: join(out, "pairing-metrics.json"), data: jsonText(run.metrics) },
      { path: join(out, "review.html"), data: html },
    ]);
    console.log(metricsLine(run.metrics));
    if (!opts.quiet) {
      console.log(renderSummary(run.metrics));
      console.log(productTable(run.result));
    }
    console.log(`wrote ${out}/{analysis.json,pairing.json,pairing-metrics.json,review.html}`);
    process.exitCode = run.metrics.totals.contractViolations > 0 ? 1 : 0;
  });
  return program;
}

function productTable(result: Awaited<ReturnType<typeof pairWithTieBreak>>["result"]): string {
  const t = new Table({ head: ["#", "front", "back", "extras", "score", "name"] });
  result.products.forEach((p, i) => {
    const name = listingName(p);
    t.push([
      i + 1,
      p.frontUrl,
      p.backUrl ?? "-",
      p.extras.length,
      p.matchScore.toFixed(2),
      name.slice(0, 40),
    ]);
  });
  const s = new Table({ head: ["singleton", "reason"] });
  for (const x of result.singletons) s.push([x.url, x.reason]);
  return `${t.toString()}\n${s.toString()}`;
}
