/**
 * npm run pairing:fingerprint -- <set>... [--save <file>] [--check <file>]
 *
 * Whether a change to the engine changed any output. A set is a folder of `*.analysis.json` batches or one
 * analysis file. Each batch is paired with the PAIR_* configuration of the environment. Its pairing.json, its
 * metrics without their timings, and its list of ambiguous fronts are hashed together (sha256). A set's
 * fingerprint hashes its batches' hashes in name order. `--save` writes every hash to a file. `--check` pairs
 * again and names each set and batch whose hash differs from the file's, then exits 1. A speed change that
 * claims identical outputs is checked this way on several sets (BENCHMARKS.md names the sets used).
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import Table from "cli-table3";
import { Command } from "commander";
import { runCli, UsageError } from "../../src/cli/common.js";
import { jsonText, readJsonFile, writeFileAtomic } from "../../src/lib/fs.js";
import type { PairingMetrics } from "../../src/pairing/engine/types.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import { outputPathOrExit } from "../args.js";

interface SetPrint {
  fingerprint: string;
  /** batch file name → its hash (16 hex digits) */
  batches: Record<string, string>;
}

/** The metrics without the fields that time the run: the rest is a function of the input and the config. */
export function metricsWithoutTimings(
  m: PairingMetrics,
): Omit<PairingMetrics, "timestamp" | "durationMs" | "msPer100Images" | "phasesMs"> {
  const { timestamp: _t, durationMs: _d, msPer100Images: _m, phasesMs: _p, ...rest } = m;
  return rest;
}

function batchFiles(set: string): string[] {
  const path = resolve(set);
  if (!existsSync(path)) throw new UsageError(`${set}: no such file or folder`);
  if (!statSync(path).isDirectory()) return [path];
  const files = readdirSync(path)
    .filter((f) => f.endsWith(".analysis.json"))
    .sort()
    .map((f) => join(path, f));
  if (files.length === 0) throw new UsageError(`${set}: the folder holds no *.analysis.json batch`);
  return files;
}

function fingerprintSet(set: string, config: ReturnType<typeof loadPairingConfig>): SetPrint {
  const batches: Record<string, string> = {};
  const whole = createHash("sha256");
  for (const file of batchFiles(set)) {
    const run = pairAnalysis(readJsonFile(file), config, file);
    const text =
      JSON.stringify(run.result) +
      JSON.stringify(metricsWithoutTimings(run.metrics)) +
      JSON.stringify(run.ambiguous);
    const h = createHash("sha256").update(text).digest("hex").slice(0, 16);
    batches[basename(file)] = h;
    whole.update(`${basename(file)}:${h}\n`);
  }
  return { fingerprint: whole.digest("hex").slice(0, 16), batches };
}

function readSaved(file: string): Record<string, SetPrint> {
  const raw = readJsonFile(resolve(file)) as { sets?: Record<string, SetPrint> };
  if (typeof raw !== "object" || raw === null || typeof raw.sets !== "object" || raw.sets === null)
    throw new UsageError(`${file}: not a fingerprint file (no "sets" object at $.sets)`);
  return raw.sets;
}

const program = new Command()
  .name("pairing:fingerprint")
  .argument("<sets...>", "folders of *.analysis.json batches, or analysis files")
  .option("--save <file>", "write every set's and batch's hash to this JSON file")
  .option("--check <file>", "compare with a file --save wrote; exit 1 on any difference");

runCli(() => {
  program.parse();
  const sets = program.args;
  const opts = program.opts<{ save?: string; check?: string }>();
  const savePath = outputPathOrExit("--save", opts.save);
  const saved = opts.check ? readSaved(opts.check) : null;
  const config = loadPairingConfig();
  const prints: Record<string, SetPrint> = {};
  const table = new Table({
    head: ["set", "batches", "fingerprint", ...(saved ? [`against ${opts.check}`] : [])],
  });
  let differences = 0;
  for (const set of sets) {
    const p = fingerprintSet(set, config);
    prints[set] = p;
    let verdict = "";
    if (saved) {
      const before = saved[set];
      if (!before) {
        verdict = "not in the file";
        differences++;
      } else if (before.fingerprint === p.fingerprint) verdict = "same";
      else {
        const changed = Object.keys({ ...before.batches, ...p.batches }).filter(
          (b) => before.batches[b] !== p.batches[b],
        );
        verdict = `DIFFERENT: ${changed.length} batch(es): ${changed.slice(0, 5).join(", ")}${changed.length > 5 ? ", …" : ""}`;
        differences++;
      }
    }
    table.push([set, Object.keys(p.batches).length, p.fingerprint, ...(saved ? [verdict] : [])]);
  }
  console.log(table.toString());
  if (savePath) writeFileAtomic(savePath, jsonText({ sets: prints }));
  if (saved)
    console.log(differences === 0 ? "identical outputs on every set" : `${differences} set(s) differ`);
  return differences === 0 ? 0 : 1;
});
