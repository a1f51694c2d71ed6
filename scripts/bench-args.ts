/** Arguments and folders the pairing benches share. */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";

/** A count option (`--runs` unless `flag` says) as a whole number of at least 1; any other value ends the bench with exit code 2. */
export function runsArgument(value: string, flag = "--runs"): number {
  const runs = Number(value);
  if (!Number.isInteger(runs) || runs < 1) {
    console.error(`error: ${flag} must be a whole number >= 1, got "${value}"`);
    process.exit(2);
  }
  return runs;
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
