/** Arguments and output paths the benches and the service scripts share. */
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../src/lib/errors.js";
import { writeFileAtomic } from "../src/lib/fs.js";

/**
 * The dev batches the speed benches time at each size: bench:pairing, bench:pairing-ab and
 * bench:pairing-instructions must time the same ones for their figures to compare.
 */
export const TIMED_BATCHES = {
  "100": ["dev-0100-01", "dev-0100-04", "dev-0100-05"],
  "1000": ["dev-1000-01", "dev-1000-02", "dev-1000-03"],
  "5000": ["dev-5000-scale"],
} as const satisfies Record<string, readonly string[]>;

/** A count option (`--runs` unless `flag` says) as a whole number of at least 1; any other value ends the bench with exit code 2. */
export function runsArgument(value: string, flag = "--runs"): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`error: ${flag} must be a whole number >= 1, got "${value}"`);
    process.exit(2);
  }
  return runs;
}

/** A seed or sample-size option as a whole number of at least 0; any other value ends the script with exit code 2. */
export function wholeNumberArgument(value: string, flag = "--seed"): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    console.error(`error: ${flag} must be a whole number >= 0, got "${value}"`);
    process.exit(2);
  }
  return Number(value);
}

/** The labelled batches' folder; when it is absent the bench says so and ends with exit code 0. */
export function devBatchesOrSkip(bench: string, dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(abs)) {
    console.log(`${bench} skipped: ${abs} is not here (the labelled batches live in ../shared).`);
    process.exit(0);
  }
  return abs;
}

/** The batches of a bench folder: the names of its `<name>.analysis.json` files, sorted. */
export function batchNamesIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".analysis.json"))
    .map((f) => f.slice(0, -".analysis.json".length))
    .sort();
}

/**
 * An output path (`--chart`, `--json`) checked before a bench's minutes of work: a folder in the way ends the
 * bench at once, with exit code 2, instead of after the runs with a stack trace. Missing folders are created
 * when the file is written.
 */
export function outputPathOrExit(flag: string, path: string | undefined): string | undefined {
  if (path === undefined) return undefined;
  const abs = resolve(path);
  if (existsSync(abs) && statSync(abs).isDirectory()) {
    console.error(`error: ${flag} ${path} is a folder; give a file name in it`);
    process.exit(2);
  }
  return abs;
}

/**
 * An output folder (`--out`) made before a bench's work: a file in the way or a folder that cannot be made ends
 * the bench at once, with one line and exit code 2.
 */
export function outputFolderOrExit(flag: string, path: string): string {
  const abs = resolve(path);
  try {
    mkdirSync(abs, { recursive: true });
  } catch (e) {
    console.error(`error: ${flag} ${path} cannot be made a folder (${(e as Error).message})`);
    process.exit(2);
  }
  return abs;
}

/** Writes a bench's output file atomically; one that cannot be written is one line on stderr and exit code 2. */
export function writeOutputOrExit(path: string, data: string, what: string): void {
  try {
    writeFileAtomic(path, data);
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    console.error(`error: ${e.message}`);
    process.exit(2);
  }
  console.log(`${what} written to ${path}`);
}
