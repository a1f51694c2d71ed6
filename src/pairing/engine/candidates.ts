import { memo } from "../../lib/text.js";
import { COLOUR_FAMILIES, colourCode } from "../features/colour/colour.js";
import type { ImageFeatures } from "../features/extract.js";

/**
 * Blocking index over some images of a batch (its backs, or its products' faces): a query is only scored
 * against images that share a brand, a distinctive token, a container and colour, or a capture neighbourhood
 * with it — never the full F×B grid.
 */
export class FeatureIndex {
  private byBrand = new Map<string, number[]>();
  /**
   * brands of five letters or more under their key and every one-letter deletion of it: a back whose brand lost,
   * gained or misread one letter meets its front on a shared deletion
   */
  private byBrandSlip = new Map<string, number[]>();
  /** slots by the lexicon id of a word their text shows */
  private byToken: (number[] | undefined)[] = [];
  /** by `lookKey` of packaging and colour */
  private byLook: (number[] | undefined)[] = [];
  /** by `packagingCode` */
  private byPack: (number[] | undefined)[] = [];
  /** by `colourCode` */
  private byColour: (number[] | undefined)[] = [];
  /**
   * photos with no brand read, or whose brand field names a company by its legal form or the maker line of the
   * fine print ("PT Cahaya Kosmetika Nusantara" on a Makarizo back), by look: a front's own brand cannot find them
   */
  private unbrandedByLook: (number[] | undefined)[] = [];
  private readonly maxPosting: number;
  private readonly score: Float64Array;
  private readonly seen: Uint8Array;
  /** the slots the current query has touched (`candidatesFor`), in the order first touched */
  private touched: number[] = [];
  private sortKeys = new Float64Array(256);

  constructor(
    items: readonly ImageFeatures[],
    /** every image of the batch in capture order, as positions in the batch's feature list */
    private readonly captureOrder: readonly number[],
    /** batch position → slot in `items`, for the images that are indexed */
    private readonly slotOfImage: ReadonlyMap<number, number>,
    /** the images that will query the index: only words they look up are indexed */
    queries: readonly ImageFeatures[],
    /** also offer every unbranded item that looks like the query (for fronts looking for backs) */
    private readonly offerUnbranded = false,
  ) {
    this.maxPosting = Math.max(24, Math.ceil(items.length * 0.05));
    this.score = new Float64Array(items.length);
    this.seen = new Uint8Array(items.length);
    // an item's label text holds a hundred words, its queries' names a few: posting lists nobody reads cost
    // most of the build
    const wantedSlips = new Set<string>();
    for (const q of queries) if (q.brand) for (const k of slipKeys(q.brand.key)) wantedSlips.add(k);
    const queryTokens = queries.map(queryTokensOf);
    const lex = items.length > 0 ? items[0].lex : null;
    const wanted = new Uint8Array(lex ? lex.size : 0);
    for (const ts of queryTokens) for (const t of ts) wanted[t] = 1;
    items.forEach((b, j) => {
      if (b.brand) {
        push(this.byBrand, b.brand.key, j);
        // the whole name, noise words and all: a label that runs "MakarizoProfessional" together has that as its key
        if (b.brand.full !== b.brand.key) push(this.byBrand, b.brand.full, j);
        for (const k of slipKeys(b.brand.key)) if (wantedSlips.has(k)) push(this.byBrandSlip, k, j);
      }
      for (const t of b.allTokens.ids)
        if (wanted[t] === 1 && b.lex.length(t) >= 3) pushAt(this.byToken, t, j);
      if (b.packagingCode !== 0 || b.colourCode !== 0)
        pushAt(this.byLook, lookKey(b.packagingCode, b.colourCode), j);
      if (b.packagingCode !== 0) pushAt(this.byPack, b.packagingCode, j);
      if (offerUnbranded && (!b.brand || b.brand.legalEntity || b.brandIsMaker)) {
        for (const c of coloursOf(b)) pushAt(this.unbrandedByLook, lookKey(b.packagingCode, c), j);
      }
      for (const c of coloursOf(b)) if (c !== 0) pushAt(this.byColour, c, j);
    });
  }

  /** Slots worth scoring for `query` (one of the `queries` the index was built for), best-connected first, deterministic. */
  candidatesFor(
    query: ImageFeatures,
    positionInCapture: number | undefined,
    minWanted: number,
    limit = 64,
  ): number[] {
    // scratch arrays, reset through the list of touched slots: a Map per query cost more than the scoring
    const { seen } = this;
    const touched: number[] = [];
    this.touched = touched;
    const colours = coloursOf(query);
    if (query.brand) {
      this.add(this.byBrand.get(query.brand.key), 3, this.maxPosting * 4);
      // a back that reads the brand the same way is found under both names
      if (query.brand.full !== query.brand.key)
        this.addUnseen(this.byBrand.get(query.brand.full), 3, this.maxPosting * 4);
      // "Kéranove" on the front, "éranove" on its back (dev-1000-02): a brand read with one letter lost or misread
      for (const k of slipKeys(query.brand.key))
        this.addUnseen(this.byBrandSlip.get(k), 2, this.maxPosting * 4);
    }
    if (this.offerUnbranded)
      for (const c of colours)
        this.add(this.unbrandedByLook[lookKey(query.packagingCode, c)], 0.5, this.maxPosting * 4);
    for (const t of queryTokensOf(query)) this.add(this.byToken[t], 1, this.maxPosting);
    const neighbours: number[] = [];
    if (positionInCapture !== undefined) {
      for (let d = -4; d <= 4; d++) {
        const p = positionInCapture + d;
        if (d === 0 || p < 0 || p >= this.captureOrder.length) continue;
        const slot = this.slotOfImage.get(this.captureOrder[p]);
        if (slot !== undefined) {
          this.hit(slot, 1);
          neighbours.push(slot);
        }
      }
    }
    if (touched.length < minWanted && (query.packagingCode !== 0 || query.colourCode !== 0)) {
      this.addUnseen(this.byLook[lookKey(query.packagingCode, query.colourCode)], 0.5, this.maxPosting * 4);
    }
    // a close-up may name nothing but its container and colours: look there when nothing else matched
    if (touched.length < minWanted) {
      if (query.packagingCode !== 0) this.add(this.byPack[query.packagingCode], 0.25, this.maxPosting * 8);
      for (const c of colours) if (c !== 0) this.add(this.byColour[c], 0.25, this.maxPosting * 8);
    }
    for (const j of touched) seen[j] = 0;
    // the best-connected first; cap the work per query on huge batches
    this.sortBestConnected(touched);
    const out = touched.length > limit ? touched.slice(0, limit) : touched;
    // capture neighbours are always scored: a back shot right after its front may share no indexed word with
    // it (a brand read two ways, a name only in another language) and lose its place to a big brand's siblings
    if (touched.length > limit) {
      const kept = new Set(out);
      for (const j of neighbours) if (!kept.has(j)) out.push(j);
    }
    return out;
  }

  /**
   * Sorts slots by score, highest first, then by slot: as one numeric key each on a typed array (a native sort
   * with no comparator; sorting was a fifth of a query). Scores are sums of quarter weights, so four times a score
   * is an integer and the key is exact; should a weight ever break that, the comparator sort is used.
   */
  private sortBestConnected(touched: number[]): void {
    const n = touched.length;
    if (this.sortKeys.length < n) this.sortKeys = new Float64Array(2 * n);
    const keys = this.sortKeys;
    for (let i = 0; i < n; i++) {
      const j = touched[i];
      const quarters = this.score[j] * 4;
      if (!Number.isInteger(quarters) || quarters >= SCORE_QUARTERS || j >= SLOTS) {
        const score = this.score;
        touched.sort((a, b) => score[b] - score[a] || a - b);
        return;
      }
      keys[i] = (SCORE_QUARTERS - quarters) * SLOTS + j;
    }
    const sorted = keys.subarray(0, n).sort();
    for (let i = 0; i < n; i++) touched[i] = sorted[i] % SLOTS;
  }

  private hit(j: number, weight: number): void {
    if (this.seen[j] === 0) {
      this.seen[j] = 1;
      this.score[j] = 0;
      this.touched.push(j);
    }
    this.score[j] += weight;
  }

  private add(list: number[] | undefined, weight: number, maxLength: number): void {
    if (!list || list.length > maxLength) return;
    for (let i = 0; i < list.length; i++) this.hit(list[i], weight);
  }

  /** for lists that may name an item an earlier list already found: it is counted once */
  private addUnseen(list: number[] | undefined, weight: number, maxLength: number): void {
    if (!list || list.length > maxLength) return;
    for (let i = 0; i < list.length; i++) if (this.seen[list[i]] === 0) this.hit(list[i], weight);
  }
}

/** Bounds of `sortBestConnected`'s keys: (SCORE_QUARTERS - 4 × score) × SLOTS + slot stays below 2^53. */
const SCORE_QUARTERS = 2 ** 24;
const SLOTS = 2 ** 24;

/** A photo's dominant colour and the colours its description names, once each (the dominant one first), as codes. */
const colourCache = new WeakMap<ImageFeatures, readonly number[]>();

function coloursOf(f: ImageFeatures): readonly number[] {
  let cs = colourCache.get(f);
  if (cs === undefined) {
    cs = [...new Set([f.colourCode, ...[...f.colours].map(colourCode)])];
    colourCache.set(f, cs);
  }
  return cs;
}

/** A container and a colour as one key (codes; 0 for none). */
function lookKey(packaging: number, colour: number): number {
  return packaging * (COLOUR_FAMILIES.length + 1) + colour;
}

function pushAt(lists: (number[] | undefined)[], k: number, v: number): void {
  const l = lists[k];
  if (l) l.push(v);
  else lists[k] = [v];
}

/**
 * A query's words are asked for once when the index is built and again on every look. A photo's brand and
 * words are settled (`inferBrandsFromText`) before any index is built, so they never change under the cache.
 */
const queryTokenCache = new WeakMap<ImageFeatures, readonly number[]>();

/** The words a query looks up, as lexicon ids: its brand's words and the distinctive words of its product and variant. */
function queryTokensOf(query: ImageFeatures): readonly number[] {
  const known = queryTokenCache.get(query);
  if (known) return known;
  const lex = query.lex;
  const brandWords = query.brand ? lex.scan(query.brandLabel).filter((t) => lex.length(t) >= 3) : [];
  const out = lex.distinct([...brandWords, ...query.productTokens, ...query.variantTokens], () => true);
  queryTokenCache.set(query, out);
  return out;
}

/**
 * Shortest brand key looked up one slip apart: the bound of scoring's one-slip rule (`brandSimilarity`), so the
 * index offers what scoring would take for the same brand, and shorter names do not meet other brands.
 */
const MIN_SLIP_KEY = 5;

/** A key and each key one deletion away from it; a batch's photos share few brands, so each is built once. */
const keyAndDeletions = memo(50_000, (key: string): readonly string[] => {
  const out = new Set<string>([key]);
  for (let i = 0; i < key.length; i++) out.add(key.slice(0, i) + key.slice(i + 1));
  return [...out];
});

/** A brand key of `MIN_SLIP_KEY` letters or more and each key one deletion away from it; none for shorter keys. */
function slipKeys(key: string): readonly string[] {
  return key.length < MIN_SLIP_KEY ? [] : keyAndDeletions(key);
}

function push(m: Map<string, number[]>, k: string, v: number) {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}
