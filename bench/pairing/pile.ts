/**
 * A bench folder's batches merged into one pile, as a seller who drops several shoots into one upload would send
 * them: each batch's photos under a folder named after the batch, so that no two urls collide. Used by
 * `bench:pairing -- --pile` (how the engine's time grows with the pile) and `bench:pairing-accuracy -- --pile`
 * (what pairing shoots together instead of one by one costs).
 */
import { join } from "node:path";
import { readJsonFile } from "../../src/lib/fs.js";

interface Analysis {
  groups?: { groupId?: unknown; images?: string[]; primaryImageUrl?: string }[];
  imageInsights?: Record<string, { url?: string }> | { url?: string }[];
}

interface Truth {
  pairs: [string, string][];
  extras?: Record<string, string[]>;
  singletons?: string[];
  alternates?: Record<string, string[]>;
  images?: Record<string, unknown>;
  products?: number;
  catalogueItems?: number;
}

/** The analyses of `names` in `dir` as one analysis (the shape `pairAnalysis` reads). */
export function pileAnalysis(dir: string, names: readonly string[]) {
  const groups: unknown[] = [];
  const imageInsights: unknown[] = [];
  for (const name of names) {
    const a = readJsonFile(join(dir, `${name}.analysis.json`)) as Analysis;
    const at = (url: string) => `${name}/${url}`;
    for (const g of a.groups ?? [])
      groups.push({
        ...g,
        groupId: `${name}/${String(g.groupId)}`,
        images: (g.images ?? []).map(at),
        ...(g.primaryImageUrl ? { primaryImageUrl: at(g.primaryImageUrl) } : {}),
      });
    const insights = Array.isArray(a.imageInsights)
      ? a.imageInsights
      : Object.entries(a.imageInsights ?? {}).map(([url, i]) => ({ ...i, url: i.url ?? url }));
    for (const i of insights) imageInsights.push({ ...i, url: at(String(i.url)) });
  }
  return { groups, imageInsights };
}

/** The truths of `names` in `dir` as one truth file in the bench's format (what score.py reads). */
export function pileTruth(dir: string, names: readonly string[]) {
  const pile = {
    pairs: [] as [string, string][],
    extras: {} as Record<string, string[]>,
    singletons: [] as string[],
    alternates: {} as Record<string, string[]>,
    images: {} as Record<string, unknown>,
    products: 0,
    catalogueItems: 0,
    batchInfo: { orderMode: "pile", batches: names.length },
  };
  for (const name of names) {
    const t = readJsonFile(join(dir, `${name}.truth.json`)) as Truth;
    const at = (url: string) => `${name}/${url}`;
    for (const [f, b] of t.pairs) pile.pairs.push([at(f), at(b)]);
    for (const [k, v] of Object.entries(t.extras ?? {})) pile.extras[at(k)] = v.map(at);
    for (const s of t.singletons ?? []) pile.singletons.push(at(s));
    for (const [k, v] of Object.entries(t.alternates ?? {})) pile.alternates[at(k)] = v.map(at);
    for (const [k, v] of Object.entries(t.images ?? {})) pile.images[at(k)] = v;
    pile.products += t.products ?? 0;
    pile.catalogueItems += t.catalogueItems ?? 0;
  }
  return pile;
}
