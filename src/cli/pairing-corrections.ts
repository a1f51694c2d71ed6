/**
 * npm run pairing -- corrections export --out <dir> [--db data/review.sqlite]
 * Writes every reviewed batch of the review app as <name>.analysis.json + <name>.truth.json, in the pairing
 * bench's format: the seller's fixes then score the engine (bench:pairing-accuracy -- --dir <dir>).
 */
import { existsSync, mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { jsonText, writeFilesAtomic } from "../lib/fs.js";
import { loadServingConfig } from "../recsys/index.js";
import { benchTruth, ReviewStore } from "../review/index.js";
import { UsageError } from "./common.js";

export function correctionsCommands(): Command {
  const program = new Command().name("pairing corrections").description("the review app's corrections");
  program
    .command("corrections")
    .argument("<action>", "export")
    .requiredOption("--out <dir>", "folder for <name>.analysis.json and <name>.truth.json")
    .option("--db <file>", "the review store (default: review.db of configs/serving.yaml)")
    .action((action: string, o: { out: string; db?: string }) => {
      if (action !== "export") throw new UsageError(`corrections: unknown action "${action}" (try export)`);
      const db = resolve(o.db ?? loadServingConfig().review.db);
      if (!existsSync(db))
        throw new UsageError(`${db}: no review store here (start a batch at /review first)`);
      const store = new ReviewStore(db);
      try {
        const batches = store.reviewed();
        const out = resolve(o.out);
        mkdirSync(out, { recursive: true });
        const used = new Set<string>();
        // every batch's pair of files in one atomic write: all of them, or none
        const files: { path: string; data: string }[] = [];
        for (const { info, state, analysis } of batches) {
          // one file pair per batch, named after it; two batches of one name keep their ids apart
          let name = info.name.replace(/[^\w.-]+/g, "_").replace(/^[._]+/, "") || info.id;
          if (used.has(name)) name = `${name}-${info.id}`;
          used.add(name);
          files.push(
            { path: join(out, `${name}.analysis.json`), data: jsonText(analysis) },
            { path: join(out, `${name}.truth.json`), data: jsonText(benchTruth(state)) },
          );
        }
        writeFilesAtomic(files);
        console.log(`${batches.length} reviewed batch(es) written to ${out}`);
      } finally {
        store.close();
      }
    });
  return program;
}
