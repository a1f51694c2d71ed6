import { type BrandKey, brandWordsAmong } from "../features/brand/brand.js";
import type { EffectiveRole, ImageFeatures } from "../features/extract.js";

/**
 * Brands read across the whole batch: what one photo's brand field says is weighed against what the batch's
 * other photos read.
 */

/** Roles whose missing brand is read from the photo's own label text. */
const INFERRED_ROLES: ReadonlySet<EffectiveRole> = new Set(["front"]);

/**
 * A front whose brand the vision step did not read (a stylised logo) usually still prints it in its hero text,
 * and so does a front whose brand field was misread (`misreadField`). When a brand read elsewhere in the batch
 * appears there word for word, the front takes it (the longest such brand; none when two tie), unless the brand
 * is an everyday word of the batch. The front then finds its back by brand like any front, and its name words
 * stop counting the brand as a product word. Backs keep their own rule (the front's brand found in the back's
 * text, `brandSignal`): giving them a brand would turn every other brand's front into a conflict. Returns how
 * many photos took a brand.
 */
export function inferBrandsFromText(feats: ImageFeatures[]): number {
  const known = new Map<string, KnownBrand>();
  for (const f of feats) {
    if (!f.brand) continue;
    const k = known.get(f.brand.key);
    const spelling = f.brand.words.join(" ");
    if (!k)
      known.set(f.brand.key, {
        brand: f.brand,
        label: f.brandLabel,
        photos: 1,
        spellings: new Map([[spelling, f.brand.words]]),
      });
    else {
      k.photos++;
      // "L'Oreal Paris" and "Loreal Paris" share a key but not their words
      if (!k.spellings.has(spelling)) k.spellings.set(spelling, f.brand.words);
    }
  }
  const unsure = feats.filter(
    (f) => (!f.brand || misreadField(f, known)) && INFERRED_ROLES.has(f.role) && f.allTokens.size > 0,
  );
  if (unsure.length === 0) return 0;
  // every spelling a front may print, with the lexicon ids of its words (`brandWordsAmong`: those of two letters
  // or more, at least one); a spelling with a word no text of the batch has can be printed by none
  const lex = unsure[0].lex;
  const spellings: { brand: KnownBrand; words: readonly string[]; ids: number[] }[] = [];
  for (const k of known.values()) {
    if (k.brand.key.length < MIN_INFERRED_KEY) continue;
    for (const ws of k.spellings.values()) {
      const ids = ws.filter((w) => w.length >= 2).map((w) => lex.find(w));
      if (ids.length > 0 && !ids.includes(-1)) spellings.push({ brand: k, words: ws, ids });
    }
  }
  // the brands each unsure front prints, then how common their words are (counted for those words only)
  const printed = unsure.map((f) => {
    const found: { brand: KnownBrand; words: readonly string[] }[] = [];
    for (const sp of spellings) {
      if (sp.brand.brand.key === f.brand?.key) continue;
      if (sp.ids.every((id) => f.allTokens.has(id))) found.push(sp);
    }
    return found;
  });
  const photosShowing = new Map<string, number>();
  for (const found of printed) for (const p of found) for (const w of p.words) photosShowing.set(w, 0);
  if (photosShowing.size > 0) {
    const words = [...photosShowing.keys()].map((w) => [w, lex.find(w)] as const);
    for (const f of feats)
      for (const [w, id] of words)
        if (id >= 0 && f.allTokens.has(id)) photosShowing.set(w, (photosShowing.get(w) ?? 0) + 1);
  }
  // a brand that is also an everyday word of the batch ("Natural", "Color") is printed far more often than its
  // own photos explain (a front, a back and an extra or two each): its name in a text says nothing
  const distinctive = (ws: readonly string[], photos: number) =>
    ws.some((w) => w.length >= 2 && (photosShowing.get(w) ?? 0) <= COMMON_WORD_RATIO * photos);
  let inferred = 0;
  unsure.forEach((f, i) => {
    let best: KnownBrand | null = null;
    let tied = false;
    for (const { brand: k, words } of printed[i]) {
      if (k === best || !distinctive(words, k.photos)) continue;
      if (best === null || k.brand.key.length > best.brand.key.length) {
        best = k;
        tied = false;
      } else if (k.brand.key.length === best.brand.key.length) tied = true;
    }
    if (best === null || tied) return;
    const chosen: KnownBrand = best;
    f.brand = chosen.brand;
    f.brandLabel = chosen.label;
    f.brandFromText = true;
    const brandWords = f.lex.scan(chosen.label).filter((id) => f.lex.length(id) >= 2);
    const notBrand = (id: number) => !brandWords.includes(id);
    f.productTokens = f.productTokens.filter(notBrand);
    f.productTokensShown = f.productTokensShown.filter(notBrand);
    f.nameTokens = f.nameTokens.filter(notBrand);
    inferred++;
  });
  return inferred;
}

/**
 * A front's brand field that no other photo of the batch reads, and that its own label does not print word for
 * word, is likely misread ("Chonel", "5riytol"): the front may take a brand its label does print.
 */
function misreadField(f: ImageFeatures, known: ReadonlyMap<string, KnownBrand>): boolean {
  return (
    f.brand !== null &&
    known.get(f.brand.key)?.photos === 1 &&
    !brandWordsAmong(f.brand.words, (w) => f.allTokens.hasWord(w))
  );
}

/** How many photos may show a brand's word per photo that reads the brand, before the word counts as common. */
const COMMON_WORD_RATIO = 4;

/**
 * The shortest brand key read from a front's text: three letters ("CBD", "NYX") printed as a word of their own.
 * Two-letter keys are too often a fragment of other text; four leave short brands such as "CBD" unread.
 */
const MIN_INFERRED_KEY = 3;

/**
 * A brand field printed on the label's maker or distributor line (`brandIsMaker`) names the product's maker only
 * when no front of the batch carries it: "Distributed by Nivea Inc." on a Nivea back is the brand itself, and
 * the back's conflict with another brand's front keeps its full weight.
 */
export function keepMakersNoFrontShows(feats: ImageFeatures[]): void {
  const frontBrands = new Set<string>();
  for (const f of feats) if (f.role === "front" && f.brand) frontBrands.add(f.brand.key);
  for (const f of feats)
    if (f.brandIsMaker && f.brand && frontBrands.has(f.brand.key)) f.brandIsMaker = false;
}

interface KnownBrand {
  brand: BrandKey;
  label: string;
  /** photos of the batch whose brand field reads this brand */
  photos: number;
  /** the brand's words as each spelling of it in the batch gives them, by the words joined */
  spellings: Map<string, readonly string[]>;
}
