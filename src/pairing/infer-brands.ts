import { skeletonTokens } from "../lib/text.js";
import type { EffectiveRole, ImageFeatures } from "./features.js";
import type { BrandKey } from "./signals/brand.js";

/** Roles whose missing brand is read from the photo's own label text. */
const INFERRED_ROLES: ReadonlySet<EffectiveRole> = new Set(["front"]);

/**
 * A front whose brand the vision step did not read (a stylised logo) usually still prints it in its hero text.
 * When exactly one brand read elsewhere in the batch appears there, word for word, the front takes it: it then
 * finds its back by brand like any front, and its name words stop counting the brand as a product word.
 * Returns how many photos took a brand.
 */
export function inferBrandsFromText(feats: ImageFeatures[]): number {
  const known = new Map<string, { brand: BrandKey; label: string }>();
  for (const f of feats)
    if (f.brand && !known.has(f.brand.key)) known.set(f.brand.key, { brand: f.brand, label: f.brandLabel });
  let inferred = 0;
  for (const f of feats) {
    if (f.brand || !INFERRED_ROLES.has(f.role) || f.allTokens.size === 0) continue;
    let best: { brand: BrandKey; label: string } | null = null;
    let tied = false;
    for (const k of known.values()) {
      if (k.brand.key.length < 4 || !printedWordForWord(k.brand, f.allTokens)) continue;
      if (best === null || k.brand.key.length > best.brand.key.length) {
        best = k;
        tied = false;
      } else if (k.brand.key.length === best.brand.key.length) tied = true;
    }
    if (best === null || tied) continue;
    f.brand = best.brand;
    f.brandLabel = best.label;
    f.brandFromText = true;
    const brandWords = new Set(skeletonTokens(best.label));
    f.productTokens = f.productTokens.filter((t) => !brandWords.has(t));
    f.nameTokens = f.nameTokens.filter((t) => !brandWords.has(t));
    inferred++;
  }
  return inferred;
}

/** Every word of the brand (two letters or more) is one of the photo's words. */
function printedWordForWord(b: BrandKey, tokens: ReadonlySet<string>): boolean {
  let any = false;
  for (const w of b.words) {
    if (w.length < 2) continue;
    if (!tokens.has(w)) return false;
    any = true;
  }
  return any;
}
