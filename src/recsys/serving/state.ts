/**
 * Everything one model version needs to answer requests, built once at load and swapped as a whole on reload:
 * the model, the catalogue, every user's history (all their known rows), item-item and content neighbours for
 * the cold path, and the quantile normalisers of the rerank signals fitted on this data.
 */
import { join } from "node:path";
import { yieldToLoop } from "../../lib/loop-slices.js";
import { NO_PROGRESS } from "../../lib/progress.js";
import { buildCsr, type Csr, type Dataset, historyExtras, loadDataset } from "../data/dataset.js";
import { CONTENT_DEFAULTS, ContentModel, trainContent } from "../models/content.js";
import { HybridModel } from "../models/hybrid.js";
import { loadModel } from "../models/io.js";
import { ItemKnnModel, trainItemKnn } from "../models/itemknn.js";
import { topK } from "../models/topk.js";
import { contextOf, type Recommender, type UserContext } from "../models/types.js";
import { loadRegistry, type RegistryEntry, RegistryError, verifyEntryAsync } from "../registry/registry.js";
import { fitQuantiles, type Quantiles } from "./quantiles.js";

export interface ServingState {
  modelId: string;
  modelType: string;
  entry: RegistryEntry;
  model: Recommender;
  ds: Dataset;
  itemIndex: Map<string, number>;
  userIndex: Map<string, number>;
  /** Every known row per user (training and held-out alike: serving uses all history). */
  history: Csr;
  lastTime: Float64Array;
  recent: Map<number, Int32Array>;
  dataEnd: number;
  content: ContentModel;
  itemSim: ItemKnnModel;
  /** Percentile of each item's popularity and average rating in the catalogue (0..1). */
  popularityPct: Float32Array;
  qualityPct: Float32Array;
  popularityOrder: Int32Array;
  quantiles: { cf: Quantiles; content: Quantiles; item_item: Quantiles };
  users: { total: number; trainable: number; cold: number };
  loadedAt: string;
}

/**
 * Loads the registry's current_best, in stages with turns of the event loop between them (a reload happens while
 * the service answers). Given the state being served, returns it as is when current_best is still
 * that model and its files still verify: its artifacts are immutable, so rebuilding it would only stall requests.
 */
export async function loadServingState(artifacts: string, serving?: ServingState): Promise<ServingState> {
  const reg = loadRegistry(artifacts);
  const entry = reg.models.find((m) => m.id === reg.current_best);
  if (!entry) throw new RegistryError(`${artifacts}: no current_best model in the registry`);
  const problems = await verifyEntryAsync(artifacts, entry);
  if (problems.length > 0) throw new RegistryError(`${entry.id} fails verification: ${problems[0]}`);
  if (serving?.modelId === entry.id) return serving;
  const model = loadModel(join(artifacts, entry.id));
  await yieldToLoop();
  const ds = await loadDataset(entry.data_dir);
  if (model.nItems !== ds.nItems)
    throw new RegistryError(`${entry.id} scores ${model.nItems} items but its data has ${ds.nItems}`);
  await yieldToLoop();
  const history = buildCsr(ds.nUsers, ds.nItems, ds.user, ds.item, ds.confidence);
  await yieldToLoop();
  const { lastTime, recent } = historyExtras(ds, "all");
  let dataEnd = 0;
  for (let u = 0; u < ds.nUsers; u++) if (lastTime[u]! > dataEnd) dataEnd = lastTime[u]!;
  const input = { ds, train: history, stage: "final" as const, seed: 1, progress: () => NO_PROGRESS };
  const components = model instanceof HybridModel ? model.components : {};
  const content =
    components.content instanceof ContentModel ? components.content : trainContent(input, CONTENT_DEFAULTS);
  const itemSim = components.itemknn instanceof ItemKnnModel ? components.itemknn : trainItemKnn(input);
  await yieldToLoop();
  const counts = new Float32Array(ds.nItems);
  for (let r = 0; r < ds.item.length; r++) counts[ds.item[r]!]!++;
  const popularityOrder = topK(counts, ds.nItems);
  let trainable = 0;
  let cold = 0;
  for (let u = 0; u < ds.nUsers; u++) {
    const n = history.indptr[u + 1]! - history.indptr[u]!;
    if (n >= 2) trainable++;
    else if (n === 1) cold++;
  }
  const state: ServingState = {
    modelId: entry.id,
    modelType: entry.type,
    entry,
    model,
    ds,
    itemIndex: new Map(ds.itemIds.map((id, i) => [id, i])),
    userIndex: new Map(ds.userIds.map((id, u) => [id, u])),
    history,
    lastTime,
    recent,
    dataEnd,
    content,
    itemSim,
    popularityPct: percentiles(counts),
    qualityPct: percentiles(Float32Array.from(ds.products, (p) => p.avg_star ?? 0)),
    popularityOrder,
    quantiles: { cf: fitQuantiles([]), content: fitQuantiles([]), item_item: fitQuantiles([]) },
    users: { total: ds.nUsers, trainable, cold },
    loadedAt: new Date().toISOString(),
  };
  await yieldToLoop();
  state.quantiles = await fitSignalQuantiles(state);
  return state;
}

/** Rank percentile of each value among all items (ties share the lower rank). */
function percentiles(v: Float32Array): Float32Array {
  const order = Array.from(v.keys()).sort((a, b) => v[a]! - v[b]!);
  const out = new Float32Array(v.length);
  const n = Math.max(1, v.length - 1);
  let rank = 0;
  order.forEach((item, k) => {
    if (k > 0 && v[item]! !== v[order[k - 1]!]!) rank = k;
    out[item] = rank / n;
  });
  return out;
}

export function userContext(state: ServingState, u: number): UserContext {
  if (u < 0) return { user: -1, items: new Int32Array(0), conf: new Float32Array(0), time: state.dataEnd };
  // The offline contexts are built the same way; serving only adds "now" for users with no dated history.
  return { ...contextOf(state.history, u, state), time: state.lastTime[u]! || state.dataEnd };
}

/** Signal values of the top candidates of sampled users: the distributions the rerank normalises against. */
async function fitSignalQuantiles(state: ServingState): Promise<ServingState["quantiles"]> {
  const n = state.ds.nItems;
  const users: number[] = [];
  const step = Math.max(1, Math.floor(state.ds.nUsers / 400));
  for (let u = 0; u < state.ds.nUsers && users.length < 400; u += step)
    if (state.history.indptr[u + 1]! > state.history.indptr[u]!) users.push(u);
  const cf: number[] = [];
  const content: number[] = [];
  const itemItem: number[] = [];
  const base = new Float32Array(n);
  const cs = new Float32Array(n);
  const is = new Float32Array(n);
  for (const [k, u] of users.entries()) {
    if (k % 50 === 49) await yieldToLoop();
    const ctx = userContext(state, u);
    state.model.score(ctx, base);
    state.content.score(ctx, cs);
    state.itemSim.score(ctx, is);
    for (const i of topK(base, 50, ctx.items)) {
      cf.push(base[i]!);
      content.push(cs[i]!);
      itemItem.push(is[i]!);
    }
  }
  return { cf: fitQuantiles(cf), content: fitQuantiles(content), item_item: fitQuantiles(itemItem) };
}
