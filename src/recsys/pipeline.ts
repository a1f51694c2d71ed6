/** The recs commands' work, separate from argument parsing: train-and-register, and side-by-side evaluation. */
import { mkdirSync, renameSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeJsonAtomic } from "../lib/fs.js";
import type { Progress } from "../lib/progress.js";
import { type Dataset, loadDataset } from "./data/dataset.js";
import { type EvalResult, evaluateModel } from "./eval/metrics.js";
import { type ComparedModel, flattenMetrics } from "./eval/report.js";
import { loadModel, saveModel } from "./models/io.js";
import type { ModelType } from "./models/registry.js";
import {
  checksums,
  DATA_FILES,
  type Decision,
  loadRegistry,
  type RegistryEntry,
  RegistryError,
  registerModel,
  saveRegistry,
  verifyEntry,
} from "./registry/registry.js";
import { contentSimilarity, parseParams, trainAndEvaluate } from "./train.js";

export interface TrainRequest {
  type: ModelType;
  data: string;
  artifacts: string;
  overrides: Record<string, string>;
  seed: number;
  evalSample: number;
  promote: boolean;
  progress: (label: string, total: number) => Progress;
}

export interface TrainSummary {
  entry: RegistryEntry;
  decision: Decision;
  val: EvalResult;
  test: EvalResult;
}

let idCounter = 0;
function newModelId(type: string): string {
  const stamp = new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
  idCounter++;
  return `${type}-${stamp}-${process.pid.toString(36)}${idCounter}`;
}

export async function trainAndRegister(req: TrainRequest): Promise<TrainSummary> {
  const params = parseParams(req.type, req.overrides);
  const ds = await loadDataset(resolve(req.data));
  const similarity = contentSimilarity(ds, req.seed, req.progress);
  const out = await trainAndEvaluate(ds, req.type, params, {
    seed: req.seed,
    evalSample: req.evalSample,
    progress: req.progress,
    similarity,
  });
  const artifacts = resolve(req.artifacts);
  const id = newModelId(req.type);
  const finalDir = join(artifacts, id);
  const stage = join(artifacts, `.${id}.staging`);
  rmSync(stage, { recursive: true, force: true });
  mkdirSync(stage, { recursive: true });
  let entry: RegistryEntry;
  try {
    const files = saveModel(out.model, stage);
    writeJsonAtomic(join(stage, "item_ids.json"), ds.itemIds);
    files.push("item_ids.json");
    if (req.type === "als" || req.type === "bpr") {
      writeJsonAtomic(join(stage, "user_ids.json"), ds.userIds);
      files.push("user_ids.json");
    }
    const val = flattenMetrics(out.val);
    const test = flattenMetrics(out.test);
    const metadata = {
      id,
      type: req.type,
      created: new Date().toISOString(),
      data: { dir: ds.dir, hash: ds.stats.data_hash, users: ds.nUsers, items: ds.nItems },
      params: out.params,
      metrics: { val, test },
      seed: req.seed,
      fit_seconds: out.fitSeconds,
    };
    writeJsonAtomic(join(stage, "metadata.json"), metadata);
    files.push("metadata.json");
    entry = {
      id,
      type: req.type,
      params: out.params,
      metrics: { val, test },
      selection_metric: val["ndcg@10"] ?? 0,
      data_hash: ds.stats.data_hash,
      data_dir: ds.dir,
      data_files: checksums(ds.dir, DATA_FILES),
      artifacts: checksums(stage, files),
      created: metadata.created,
      fit_seconds: out.fitSeconds,
      status: "candidate",
    };
    renameSync(stage, finalDir);
  } catch (e) {
    rmSync(stage, { recursive: true, force: true });
    throw e;
  }
  const reg = loadRegistry(artifacts);
  let decision: Decision;
  if (req.promote) decision = registerModel(reg, entry);
  else {
    reg.models.push(entry);
    decision = { promoted: false, reason: "--no-promote" };
  }
  saveRegistry(artifacts, reg);
  return { entry, decision, val: out.val, test: out.test };
}

export interface EvaluateRequest {
  data: string;
  artifacts: string;
  /** Model ids, or empty for every registered model trained on this data. */
  ids: string[];
  sample: number;
  seed: number;
  onModel?: (id: string) => void;
  progress: (label: string, total: number) => Progress;
}

export async function evaluateRegistered(
  req: EvaluateRequest,
): Promise<{ models: ComparedModel[]; ds: Dataset }> {
  const artifacts = resolve(req.artifacts);
  const reg = loadRegistry(artifacts);
  const ds = await loadDataset(resolve(req.data));
  const chosen =
    req.ids.length > 0
      ? req.ids.map((id) => reg.models.find((m) => m.id === id) ?? missing(id, artifacts))
      : reg.models.filter((m) => m.data_hash === ds.stats.data_hash);
  if (chosen.length === 0)
    throw new RegistryError(
      `${artifacts}: no registered model was trained on this data (hash ${ds.stats.data_hash}); run \`recs train\` first`,
    );
  const similarity = contentSimilarity(ds, req.seed, req.progress);
  const models: ComparedModel[] = [];
  for (const entry of chosen) {
    if (entry.data_hash !== ds.stats.data_hash) {
      throw new RegistryError(
        `${entry.id} was trained on data ${entry.data_hash}, not on ${req.data} (${ds.stats.data_hash})`,
      );
    }
    const problems = verifyEntry(artifacts, entry);
    if (problems.length > 0) throw new RegistryError(`${entry.id}: ${problems[0]}`);
    req.onModel?.(entry.id);
    const model = loadModel(join(artifacts, entry.id));
    let bar: Progress | undefined;
    const result = evaluateModel(model, ds, "final", {
      k: 10,
      sample: req.sample,
      seed: req.seed,
      similarity,
      onProgress: (done, total) => {
        bar ??= req.progress(`eval ${entry.type}`, total);
        bar.update(done);
      },
    });
    bar?.stop();
    models.push({ id: entry.id, type: entry.type, result });
  }
  return { models, ds };
}

function missing(id: string, artifacts: string): never {
  throw new RegistryError(`no model ${id} in ${join(artifacts, "registry.json")}`);
}
