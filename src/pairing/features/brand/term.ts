import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { brandInText, brandSimilarity } from "./brand.js";

const WEIGHTS = {
  brand: { min: 0, max: 20, doc: "both photos read the same (or a similar) brand" },
  brandConflict: { min: 0, max: 20, doc: "penalty when the two brands differ" },
  brandRescue: {
    min: 0,
    max: 20,
    doc: "one photo has no brand, but the other's brand is printed in its text",
  },
};

/**
 * Share of the brand-conflict weight charged when one of the two brands is a company named by its legal form ("PT
 * Mitra Beauty Indonesia", "Distrilab SAS") or a name the label prints after "distributed by" that no front of
 * the batch carries (`keepMakersNoFrontShows`). A back's brand field is often read off its "distributed by" line;
 * that the front shows another brand then says little against the pair. It still says something: the company
 * may make another product of the batch, so the share is not 0.
 */
export const COMPANY_CONFLICT_SHARE = 0.5;

function brandTerm(
  s: number,
  a: ImageFeatures,
  b: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
): number {
  const w = ctx.weights as WeightValues<typeof WEIGHTS>;
  if (a.brand && b.brand) {
    const sim = brandSimilarity(a.brand, b.brand);
    if (sim > 0) {
      const read = a.brandFromText || b.brandFromText ? ", one read from label text" : "";
      ev?.push(`brand ${sim === 1 ? "equal" : "similar"}${read} (${fmt(w.brand * sim)})`);
      return s + w.brand * sim;
    }
    if (
      // exact only: a fuzzy search through every conflicting candidate's text costs more than it finds
      brandInText(a.brand, b.printed, false) ||
      brandInText(b.brand, a.printed, false)
    ) {
      ev?.push(`brand printed on the other photo (${fmt(w.brand * 0.5)})`);
      return s + w.brand * 0.5;
    }
    // a company named by its legal form, or a name the label prints as its maker or distributor and no front
    // shows, is often the distributor read off the back, not a rival brand
    const legal = a.brand.legalEntity || b.brand.legalEntity;
    const maker = !legal && (a.brandIsMaker || b.brandIsMaker);
    const pen = legal || maker ? COMPANY_CONFLICT_SHARE * w.brandConflict : w.brandConflict;
    const why = legal ? " (a company name)" : maker ? " (a distributor named on the label)" : "";
    ev?.push(`brand conflict "${a.brandLabel}" vs "${b.brandLabel}"${why} (${fmt(-pen)})`);
    return s + -pen;
  }
  if (a.brand && !b.brand && brandInText(a.brand, b.printed)) {
    ev?.push(`unknown brand rescued: "${a.brandLabel}" in text (${fmt(w.brandRescue)})`);
    return s + w.brandRescue;
  }
  if (!a.brand && b.brand && brandInText(b.brand, a.printed)) {
    ev?.push(`unknown brand rescued: "${b.brandLabel}" in text (${fmt(w.brandRescue * 0.7)})`);
    return s + w.brandRescue * 0.7;
  }
  return s + 0;
}

export const brandSignal: Signal<keyof typeof WEIGHTS> = {
  name: "brand",
  weights: WEIGHTS,
  shared: brandTerm,
};
