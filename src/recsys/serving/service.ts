/**
 * RecommendService: answers /recommend, /batch_recommend and /similar_items from the current ServingState, with
 * LRU+TTL caches. A request reads the state once, so a reload mid-request never mixes two models.
 */
import { LRUCache } from "lru-cache";
import { loopSlices } from "../../lib/loop-slices.js";
import { topK } from "../models/topk.js";
import { type RerankWeights, type ServingConfig, SIGNALS, type Signal } from "./config.js";
import { describe, filterMask, popularityScores } from "./items.js";
import type { BatchResponse, CacheStats, RecommendedItem, RecommendResponse } from "./responses.js";

export type { RecommendedItem, RecommendResponse };

import { quantileOf } from "./quantiles.js";
import {
  type BatchRequest,
  type RecommendRequest,
  RecommendRequestSchema,
  type SimilarRequest,
} from "./schemas.js";
import { type ServingState, userContext } from "./state.js";

export class NotFoundError extends Error {}

interface CacheStat {
  hits: number;
  misses: number;
  evictions: number;
}

type Profile = ReturnType<typeof userContext>;

export class RecommendService {
  private current: ServingState;
  private readonly recs: LRUCache<string, RecommendResponse>;
  private readonly profiles: LRUCache<string, Profile>;
  private readonly similar: LRUCache<string, RecommendedItem[]>;
  private readonly stats: Record<"recommendations" | "profiles" | "similar_items", CacheStat> = {
    recommendations: { hits: 0, misses: 0, evictions: 0 },
    profiles: { hits: 0, misses: 0, evictions: 0 },
    similar_items: { hits: 0, misses: 0, evictions: 0 },
  };
  readonly counters = { requests: 0, fallbacks: 0 };

  constructor(
    private readonly cfg: ServingConfig,
    state: ServingState,
  ) {
    this.current = state;
    const make = <V extends object>(
      name: keyof RecommendService["stats"],
      c: { max: number; ttl_seconds: number },
    ) =>
      new LRUCache<string, V>({
        max: c.max,
        ttl: c.ttl_seconds * 1000 || undefined,
        ttlAutopurge: false,
        dispose: (_v, _k, reason) => {
          if (reason === "evict") this.stats[name].evictions++;
        },
      });
    this.recs = make("recommendations", cfg.cache.recommendations);
    this.profiles = make("profiles", cfg.cache.profiles);
    this.similar = make("similar_items", cfg.cache.similar_items);
  }

  get state(): ServingState {
    return this.current;
  }

  /** Swaps the model in one assignment; requests already running keep the state they started with. */
  swap(state: ServingState): void {
    this.current = state;
    this.clearCaches();
  }

  clearCaches(): void {
    this.recs.clear();
    this.profiles.clear();
    this.similar.clear();
  }

  cacheStats(): CacheStats {
    const one = (name: keyof RecommendService["stats"], c: { size: number; max: number }) => {
      const s = this.stats[name];
      const total = s.hits + s.misses;
      return {
        size: c.size,
        max: c.max,
        hits: s.hits,
        misses: s.misses,
        hit_rate: total ? s.hits / total : 0,
        evictions: s.evictions,
      };
    };
    return {
      recommendations: one("recommendations", this.recs),
      profiles: one("profiles", this.profiles),
      similar_items: one("similar_items", this.similar),
    };
  }

  /**
   * Precomputes recommendations for the most active users (default request shape), in slices of `sliceMs` with
   * a turn of the event loop between them: a warm-up of 100,000 users on a live service delays others little.
   */
  async warmup(users = this.cfg.cache.warmup_users, sliceMs = 5): Promise<number> {
    const st = this.current;
    const order = Array.from({ length: st.ds.nUsers }, (_, u) => u)
      .sort(
        (a, b) =>
          st.history.indptr[b + 1]! -
            st.history.indptr[b]! -
            (st.history.indptr[a + 1]! - st.history.indptr[a]!) || a - b,
      )
      .slice(0, users);
    const checkpoint = loopSlices(sliceMs);
    for (const u of order) {
      await checkpoint();
      this.recommend(RecommendRequestSchema.parse({ user_id: st.ds.userIds[u] }), st);
    }
    return order.length;
  }

  recommend(req: RecommendRequest, state = this.current): RecommendResponse {
    const t0 = performance.now();
    this.counters.requests++;
    const topk = Math.min(req.topk ?? this.cfg.recommend.default_topk, this.cfg.recommend.max_topk);
    const rerank = req.rerank ?? this.cfg.recommend.rerank;
    const key = `${state.modelId}|${req.user_id}|${topk}|${req.exclude_seen ? 1 : 0}|${rerank ? 1 : 0}|${JSON.stringify(req.filters)}|${req.rerank_weights ? JSON.stringify(req.rerank_weights) : ""}`;
    const hit = this.recs.get(key);
    if (hit) {
      this.stats.recommendations.hits++;
      if (hit.is_fallback) this.counters.fallbacks++;
      return { ...hit, latency_ms: performance.now() - t0 };
    }
    this.stats.recommendations.misses++;
    const u = state.userIndex.get(req.user_id) ?? -1;
    const ctx = this.profile(state, req.user_id, u);
    const path = ctx.items.length >= 2 ? "cf" : ctx.items.length === 1 ? "cold" : "new";
    const weights = {
      ...this.cfg.recommend.rerank_weights[path === "cf" ? "trainable" : "cold"],
      ...req.rerank_weights,
    };
    const allowed = filterMask(state, req.filters);
    const n = state.ds.nItems;
    const base = new Float32Array(n);
    if (path === "new") base.set(popularityScores(state));
    else state.model.score(ctx, base);
    for (let i = 0; i < n; i++) if (!allowed[i]) base[i] = Number.NEGATIVE_INFINITY;
    const exclude = req.exclude_seen ? ctx.items : undefined;
    const pool = Array.from(
      topK(base, rerank ? topk * this.cfg.recommend.candidate_multiplier : topk, exclude),
    ).filter((i) => base[i]! > Number.NEGATIVE_INFINITY);
    const items = rerank
      ? this.rerankAndDiversify(state, ctx, pool, base, weights, topk, path)
      : this.plain(state, ctx, pool, base, topk);
    const res: RecommendResponse = {
      user_id: req.user_id,
      recommendations: items,
      count: items.length,
      is_fallback: path !== "cf",
      fallback_method: path === "cf" ? null : path === "cold" ? "cold_start_history" : "popularity",
      model_id: state.modelId,
      latency_ms: 0,
    };
    if (res.is_fallback) this.counters.fallbacks++;
    this.recs.set(key, res);
    return { ...res, latency_ms: performance.now() - t0 };
  }

  /**
   * The batch's reply as UTF-8 JSON (a BatchResponse), built in slices of `sliceMs`: between slices the loop
   * serves queued requests, and each result is serialised and encoded inside its slice, so neither the scoring
   * nor one multi-megabyte stringify-and-encode (slow for Vietnamese text) holds the loop. Slices are timed, not
   * counted, because a user's cost varies with the catalogue and with how busy the machine is.
   */
  async batchJson(req: BatchRequest, sliceMs = 5): Promise<Buffer> {
    const t0 = performance.now();
    const state = this.current;
    const parts: Buffer[] = [Buffer.from('{"results":[')];
    const checkpoint = loopSlices(sliceMs);
    for (let i = 0; i < req.user_ids.length; i++) {
      await checkpoint();
      const result = JSON.stringify(this.recommend({ ...req, user_id: req.user_ids[i]! }, state));
      parts.push(Buffer.from(i === 0 ? result : `,${result}`));
    }
    const tail: Omit<BatchResponse, "results"> = {
      count: req.user_ids.length,
      model_id: state.modelId,
      latency_ms: performance.now() - t0,
    };
    parts.push(Buffer.from(`],${JSON.stringify(tail).slice(1)}`));
    return Buffer.concat(parts);
  }

  similarItems(req: SimilarRequest): {
    product_id: string;
    method: string;
    items: RecommendedItem[];
    count: number;
    model_id: string;
  } {
    const state = this.current;
    const i = state.itemIndex.get(req.product_id);
    if (i === undefined) {
      const id = req.product_id.length > 64 ? `${req.product_id.slice(0, 63)}…` : req.product_id;
      throw new NotFoundError(`unknown product_id "${id}"`);
    }
    const key = `${state.modelId}|${req.product_id}|${req.method}|${req.topk}`;
    let items = this.similar.get(key);
    if (items) this.stats.similar_items.hits++;
    else {
      this.stats.similar_items.misses++;
      const n = state.ds.nItems;
      const s = new Float32Array(n);
      const ctx = { user: -1, items: Int32Array.of(i), conf: Float32Array.of(1) };
      const c = new Float32Array(n);
      const k = new Float32Array(n);
      state.content.score(ctx, c);
      state.itemSim.score(ctx, k);
      for (let j = 0; j < n; j++) {
        s[j] =
          req.method === "content"
            ? c[j]!
            : req.method === "item_item"
              ? k[j]!
              : 0.5 * quantileOf(state.quantiles.content, c[j]!) +
                0.5 * quantileOf(state.quantiles.item_item, k[j]!);
      }
      const top = topK(s, req.topk, [i]);
      items = Array.from(top, (j, r) =>
        describe(state, j, r + 1, s[j]!, {
          cf: 0,
          content: c[j]!,
          popularity: state.popularityPct[j]!,
          quality: state.qualityPct[j]!,
          item_item: k[j]!,
        }),
      );
      this.similar.set(key, items);
    }
    return {
      product_id: req.product_id,
      method: req.method,
      items,
      count: items.length,
      model_id: state.modelId,
    };
  }

  private profile(state: ServingState, userId: string, u: number): Profile {
    const key = `${state.modelId}|${userId}`;
    const hit = this.profiles.get(key);
    if (hit) {
      this.stats.profiles.hits++;
      return hit;
    }
    this.stats.profiles.misses++;
    const p = userContext(state, u);
    this.profiles.set(key, p);
    return p;
  }

  private plain(
    state: ServingState,
    _ctx: Profile,
    pool: number[],
    base: Float32Array,
    topk: number,
  ): RecommendedItem[] {
    return pool.slice(0, topk).map((i, r) =>
      describe(state, i, r + 1, base[i]!, {
        cf: base[i]!,
        content: 0,
        popularity: state.popularityPct[i]!,
        quality: state.qualityPct[i]!,
        item_item: 0,
      }),
    );
  }

  /** Weighted quantile-normalised signals, then MMR for diversity with a per-brand cap. */
  private rerankAndDiversify(
    state: ServingState,
    ctx: Profile,
    pool: number[],
    base: Float32Array,
    w: RerankWeights,
    topk: number,
    path: string,
  ): RecommendedItem[] {
    const n = state.ds.nItems;
    let content: Float32Array | undefined;
    let itemItem: Float32Array | undefined;
    if (ctx.items.length > 0 && (w.content > 0 || w.item_item > 0)) {
      content = new Float32Array(n);
      itemItem = new Float32Array(n);
      state.content.score(ctx, content);
      state.itemSim.score(ctx, itemItem);
    }
    const q = state.quantiles;
    const scored = pool.map((i) => {
      const signals: Record<Signal, number> = {
        cf: path === "new" ? 0 : quantileOf(q.cf, base[i]!),
        content: content ? quantileOf(q.content, content[i]!) : 0,
        popularity: state.popularityPct[i]!,
        quality: state.qualityPct[i]!,
        item_item: itemItem ? quantileOf(q.item_item, itemItem[i]!) : 0,
      };
      let score = 0;
      for (const s of SIGNALS) score += w[s] * signals[s];
      return { i, score, signals };
    });
    scored.sort((a, b) => b.score - a.score || a.i - b.i);
    const lambda = this.cfg.recommend.mmr_lambda;
    const cap = this.cfg.recommend.max_per_brand;
    const chosen: typeof scored = [];
    const brands = new Map<string, number>();
    const left = scored.slice();
    while (chosen.length < topk && left.length > 0) {
      let best = -1;
      let bestValue = Number.NEGATIVE_INFINITY;
      for (let k = 0; k < left.length; k++) {
        const c = left[k]!;
        const brand = state.ds.products[c.i]!.brand;
        if (brand && (brands.get(brand) ?? 0) >= cap) continue;
        let maxSim = 0;
        if (lambda < 1) for (const s of chosen) maxSim = Math.max(maxSim, state.content.similarity(c.i, s.i));
        const v = lambda * c.score - (1 - lambda) * maxSim;
        if (v > bestValue) {
          bestValue = v;
          best = k;
        }
      }
      if (best < 0) break;
      const [c] = left.splice(best, 1);
      chosen.push(c!);
      const brand = state.ds.products[c!.i]!.brand;
      if (brand) brands.set(brand, (brands.get(brand) ?? 0) + 1);
    }
    return chosen.map((c, r) => describe(state, c.i, r + 1, c.score, c.signals));
  }
}
