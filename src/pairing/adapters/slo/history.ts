/**
 * The SLO history: one JSON line per pairing run (append-only, so concurrent runs never rewrite each other), and
 * rolling rates over a window of days, overall and per category and brand.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { PairingMetrics } from "../../engine/types.js";

export interface HistoryEntry {
  ts: string;
  batch: string;
  images: number;
  fronts: number;
  paired: number;
  singletons: number;
  contractViolations: number;
  usedModel: boolean;
  /** fronts sent to the model (the model-use SLO counts these per front) */
  frontsAsked?: number;
  /** every front of the batch, the denominator of model use per front */
  allFronts?: number;
  msPer100Images: number;
  byCategory: Record<string, { fronts: number; paired: number }>;
  byBrand: Record<string, { fronts: number; paired: number }>;
}

export function historyEntry(m: PairingMetrics, batch: string): HistoryEntry {
  const groups = (g: PairingMetrics["byCategory"]) =>
    Object.fromEntries(Object.entries(g).map(([k, v]) => [k, { fronts: v.fronts, paired: v.paired }]));
  const fronts = Object.values(m.byCategory).reduce((s, v) => s + v.fronts, 0);
  return {
    ts: m.timestamp,
    batch,
    images: m.totals.images,
    fronts,
    paired: Object.values(m.byCategory).reduce((s, v) => s + v.paired, 0),
    singletons: m.totals.singletons,
    contractViolations: m.totals.contractViolations,
    usedModel: Boolean(m.tieBreak?.usedModel),
    frontsAsked: m.tieBreak?.frontsAsked ?? 0,
    allFronts: m.totals.fronts,
    msPer100Images: m.msPer100Images,
    byCategory: groups(m.byCategory),
    byBrand: groups(m.byBrand),
  };
}

export function appendHistory(path: string, entry: HistoryEntry): void {
  if (!path) return;
  mkdirSync(dirname(path), { recursive: true });
  appendFileSync(path, `${JSON.stringify(entry)}\n`);
}

/** Entries newer than `sinceMs`; unreadable lines are counted, never fatal (a half-written last line, say). */
export function readHistory(path: string, sinceMs = 0): { entries: HistoryEntry[]; badLines: number } {
  if (!path || !existsSync(path)) return { entries: [], badLines: 0 };
  const entries: HistoryEntry[] = [];
  let badLines = 0;
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    try {
      const e = JSON.parse(line) as HistoryEntry;
      if (typeof e.ts !== "string" || typeof e.fronts !== "number") throw new Error("shape");
      if (Date.parse(e.ts) >= sinceMs) entries.push(e);
    } catch {
      badLines++;
    }
  }
  return { entries, badLines };
}

export interface GroupRollup {
  key: string;
  fronts: number;
  paired: number;
  pairRate: number;
  singletonRate: number;
  batches: number;
}

export interface Rollup {
  batches: number;
  fronts: number;
  pairRate: number;
  /** fronts sent to the model ÷ all fronts (the SLO: ≤ 2 %) */
  modelUsePerFront: number;
  /** share of batches of at most SMALL_BATCH_IMAGES images that used the model (the spec's per-batch figure) */
  modelUseSmallBatches: number;
  smallBatches: number;
  contractViolations: number;
  byCategory: GroupRollup[];
  byBrand: GroupRollup[];
}

/** Front-weighted rates over the given entries. */
export function rollup(entries: HistoryEntry[]): Rollup {
  const group = (
    pick: (e: HistoryEntry) => Record<string, { fronts: number; paired: number }>,
  ): GroupRollup[] => {
    const acc = new Map<string, GroupRollup>();
    for (const e of entries) {
      for (const [k, v] of Object.entries(pick(e))) {
        const g = acc.get(k) ?? { key: k, fronts: 0, paired: 0, pairRate: 0, singletonRate: 0, batches: 0 };
        g.fronts += v.fronts;
        g.paired += v.paired;
        g.batches++;
        acc.set(k, g);
      }
    }
    for (const g of acc.values()) {
      g.pairRate = g.fronts ? g.paired / g.fronts : 1;
      g.singletonRate = 1 - g.pairRate;
    }
    return [...acc.values()].sort((a, b) => b.fronts - a.fronts || (a.key < b.key ? -1 : 1));
  };
  const fronts = entries.reduce((s, e) => s + e.fronts, 0);
  const small = entries.filter((e) => e.images <= SMALL_BATCH_IMAGES);
  const paired = entries.reduce((s, e) => s + e.paired, 0);
  return {
    batches: entries.length,
    fronts,
    pairRate: fronts ? paired / fronts : 1,
    modelUsePerFront: ratio(
      entries.reduce((s, e) => s + (e.frontsAsked ?? 0), 0),
      entries.reduce((s, e) => s + (e.allFronts ?? e.fronts), 0),
    ),
    modelUseSmallBatches: ratio(small.filter((e) => e.usedModel).length, small.length),
    smallBatches: small.length,
    contractViolations: entries.reduce((s, e) => s + e.contractViolations, 0),
    byCategory: group((e) => e.byCategory),
    byBrand: group((e) => e.byBrand),
  };
}

export const DAY_MS = 86_400_000;

/** The size a seller uploads at once: model use per batch is only counted on batches this small. */
export const SMALL_BATCH_IMAGES = 100;

const ratio = (x: number, n: number) => (n > 0 ? x / n : 0);
