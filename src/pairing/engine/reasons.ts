/** Why an image ended up alone. Every singleton carries exactly one of these; README documents them. */
export const SINGLETON_REASONS = {
  invalid_record: "the image's record failed validation (see errors[])",
  unreadable_image: "the photo file could not be decoded (corrupt, unsupported or empty; see errors[])",
  non_product: "the photo shows no product (no brand, no product name, no packaging)",
  multi_product_shot: "the photo shows several units or products at once, so it belongs to no single product",
  no_back_found: "a front with no candidate back scoring at least minPrescore",
  low_match_score: "a front whose best back scores below the auto-accept threshold",
  ambiguous_match:
    "a front or back whose best match does not lead the runner-up by the auto-accept gap; left for the tie-break",
  orphan_back: "a back that no front claimed",
  unattached_extra: "a side or detail shot that no product claimed with enough confidence",
  extras_limit: "a product already holds extrasMax extras with better scores",
} as const;

export type SingletonReason = keyof typeof SINGLETON_REASONS;
export const SINGLETON_REASON_CODES = Object.keys(SINGLETON_REASONS) as SingletonReason[];
