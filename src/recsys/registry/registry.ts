/**
 * The model registry: artifacts/cf/registry.json lists every trained model with its params, metrics, data hash
 * and artifact checksums, and names the current best.
 *
 * Promotion rule: the selection metric is validation NDCG@10 over all validation users (cross-fitted for tuned
 * hybrids). A newly registered model becomes current_best automatically only if there is none, or if it was
 * trained on the same data (same data hash) and its validation NDCG@10 is strictly higher. `promote` may pick any
 * model that verifies, but refuses one that is worse than the current best on the same data unless forced.
 * Models trained on different data are not comparable, so they are never promoted automatically.
 */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { UserError } from "../../lib/errors.js";
import { readJsonFile, writeJsonAtomic } from "../../lib/fs.js";

export class RegistryError extends UserError {}

const MetricsSchema = z.record(z.string(), z.number());

export const EntrySchema = z.object({
  id: z.string(),
  type: z.string(),
  params: z.record(z.string(), z.unknown()),
  metrics: z.object({ val: MetricsSchema, test: MetricsSchema }),
  selection_metric: z.number(),
  data_hash: z.string(),
  data_dir: z.string(),
  /** sha256 of the prepared data files the model was trained on (absent in older registry files: then only the model files are checked) */
  data_files: z.record(z.string(), z.string()).optional(),
  artifacts: z.record(z.string(), z.string()),
  created: z.string(),
  fit_seconds: z.number(),
  status: z.enum(["candidate", "best", "retired"]),
});
export type RegistryEntry = z.infer<typeof EntrySchema>;

export const RegistrySchema = z.object({
  schema: z.literal(1),
  current_best: z.string().nullable(),
  /** Previous bests, most recent last; rollback pops from here. */
  best_history: z.array(z.string()),
  models: z.array(EntrySchema),
});
export type Registry = z.infer<typeof RegistrySchema>;

export const SELECTION_METRIC = "ndcg@10 (validation, all users)";

export function registryPath(artifacts: string): string {
  return join(artifacts, "registry.json");
}

export function loadRegistry(artifacts: string): Registry {
  const path = registryPath(artifacts);
  if (!existsSync(path)) return { schema: 1, current_best: null, best_history: [], models: [] };
  const parsed = RegistrySchema.safeParse(readJsonFile(path));
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new RegistryError(`${path}: ${i?.path.join(".") || "(root)"}: ${i?.message}`);
  }
  return parsed.data;
}

export function saveRegistry(artifacts: string, reg: Registry): void {
  writeJsonAtomic(registryPath(artifacts), reg);
}

export function sha256File(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** The prepared data files a model depends on: serving loads them beside the model's own arrays. */
export const DATA_FILES = [
  "interactions.parquet",
  "enriched_products.parquet",
  "user_item_mappings.json",
  "data_stats.json",
];

export function checksums(dir: string, files: string[]): Record<string, string> {
  return Object.fromEntries(files.map((f) => [f, sha256File(join(dir, f))]));
}

export interface Decision {
  promoted: boolean;
  reason: string;
}

/**
 * Why a model cannot be promoted at all, even with --force: a validation or test split of 0 users measured
 * nothing, and its metrics of 0 would compare as if they meant something.
 */
function unmeasured(entry: RegistryEntry): string | undefined {
  const val = entry.metrics.val.users ?? 0;
  const test = entry.metrics.test.users ?? 0;
  if (val > 0 && test > 0) return undefined;
  return `${entry.id} was evaluated on ${val} validation and ${test} test users; a model measured on no users is never promoted (prepare the data so the split has users)`;
}

/** Adds an entry and applies the promotion rule. */
export function registerModel(reg: Registry, entry: RegistryEntry): Decision {
  if (reg.models.some((m) => m.id === entry.id))
    throw new RegistryError(`model id ${entry.id} is already registered`);
  reg.models.push(entry);
  const why = unmeasured(entry);
  if (why) return { promoted: false, reason: why };
  const best = reg.models.find((m) => m.id === reg.current_best);
  if (!best) return setBest(reg, entry, "no current best");
  if (best.data_hash !== entry.data_hash) {
    return {
      promoted: false,
      reason: `trained on different data (${entry.data_hash} vs ${best.data_hash}); promote it explicitly`,
    };
  }
  if (entry.selection_metric > best.selection_metric) {
    return setBest(
      reg,
      entry,
      `validation NDCG@10 ${fmt(entry.selection_metric)} > ${fmt(best.selection_metric)} (${best.id})`,
    );
  }
  return {
    promoted: false,
    reason: `validation NDCG@10 ${fmt(entry.selection_metric)} <= current best ${fmt(best.selection_metric)} (${best.id})`,
  };
}

export function promote(reg: Registry, artifacts: string, id: string, force: boolean): Decision {
  const entry = reg.models.find((m) => m.id === id);
  if (!entry) throw new RegistryError(`no model ${id} in ${registryPath(artifacts)}`);
  if (reg.current_best === id) return { promoted: false, reason: `${id} is already the current best` };
  const why = unmeasured(entry);
  if (why) throw new RegistryError(why);
  const problems = verifyEntry(artifacts, entry);
  if (problems.length > 0) throw new RegistryError(`${id} fails verification: ${problems[0]}`);
  const best = reg.models.find((m) => m.id === reg.current_best);
  if (
    best &&
    best.data_hash === entry.data_hash &&
    entry.selection_metric < best.selection_metric &&
    !force
  ) {
    throw new RegistryError(
      `${id} has validation NDCG@10 ${fmt(entry.selection_metric)}, below the current best ${best.id} (${fmt(best.selection_metric)}); use --force to promote it anyway`,
    );
  }
  return setBest(reg, entry, force ? "forced" : "promoted explicitly");
}

export function rollback(reg: Registry, artifacts: string): Decision {
  const current = reg.models.find((m) => m.id === reg.current_best);
  while (reg.best_history.length > 0) {
    const prevId = reg.best_history.pop()!;
    const prev = reg.models.find((m) => m.id === prevId);
    if (!prev || verifyEntry(artifacts, prev).length > 0) continue;
    if (current) current.status = "retired";
    prev.status = "best";
    reg.current_best = prev.id;
    return { promoted: true, reason: `rolled back to ${prev.id}` };
  }
  throw new RegistryError("no previous best model to roll back to");
}

function setBest(reg: Registry, entry: RegistryEntry, reason: string): Decision {
  const old = reg.models.find((m) => m.id === reg.current_best);
  if (old) {
    old.status = "retired";
    reg.best_history.push(old.id);
  }
  entry.status = "best";
  reg.current_best = entry.id;
  return { promoted: true, reason };
}

/** Every file whose checksum an entry recorded: its own artifacts and the prepared data serving reads. */
function recordedFiles(artifacts: string, entry: RegistryEntry): { path: string; sum: string }[] {
  const dir = join(artifacts, entry.id);
  const list = (folder: string, files: Record<string, string>) =>
    Object.entries(files).map(([file, sum]) => ({ path: join(folder, file), sum }));
  // serving reads the prepared data too: a changed interactions.parquet would fail a reload or a start
  return [...list(dir, entry.artifacts), ...list(entry.data_dir, entry.data_files ?? {})];
}

function problemOf(path: string, sum: string, actual: string | undefined): string[] {
  if (actual === undefined) return [`${path} is missing`];
  return actual === sum ? [] : [`${path} does not match its recorded checksum (corrupted or changed)`];
}

/** Problems with a model's artifacts: missing files or checksum mismatches. Empty means it verifies. */
export function verifyEntry(artifacts: string, entry: RegistryEntry): string[] {
  const dir = join(artifacts, entry.id);
  if (!existsSync(dir)) return [`model folder ${dir} is missing`];
  return recordedFiles(artifacts, entry).flatMap(({ path, sum }) =>
    problemOf(path, sum, existsSync(path) ? sha256File(path) : undefined),
  );
}

/** verifyEntry for a serving process: files are hashed chunk by chunk, so requests keep being answered. */
export async function verifyEntryAsync(artifacts: string, entry: RegistryEntry): Promise<string[]> {
  const dir = join(artifacts, entry.id);
  if (!existsSync(dir)) return [`model folder ${dir} is missing`];
  const problems: string[] = [];
  for (const { path, sum } of recordedFiles(artifacts, entry))
    problems.push(...problemOf(path, sum, existsSync(path) ? await sha256FileChunked(path) : undefined));
  return problems;
}

async function sha256FileChunked(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function fmt(x: number): string {
  return x.toFixed(4);
}
