import type { ContractReport, PairingResult } from "./types.js";

/**
 * The output contract, checked on every run: each input url exactly once across products and singletons,
 * no url that was not in the input, no back in two pairs, and no pair whose front is its back.
 */
export function checkContract(inputUrls: readonly string[], out: PairingResult): ContractReport {
  const expected = new Set(inputUrls);
  const seen = new Map<string, number>();
  const see = (u: string) => seen.set(u, (seen.get(u) ?? 0) + 1);
  for (const p of out.products) {
    see(p.frontUrl);
    if (p.backUrl !== null) see(p.backUrl);
    for (const e of p.extras) see(e);
  }
  for (const s of out.singletons) see(s.url);
  const missingUrls = [...expected].filter((u) => !seen.has(u));
  const duplicateUrls = [...seen].filter(([, n]) => n > 1).map(([u]) => u);
  const unknownUrls = [...seen.keys()].filter((u) => !expected.has(u));
  const backUse = new Map<string, number>();
  const frontEqualsBack: string[] = [];
  for (const p of out.pairs) {
    backUse.set(p.backUrl, (backUse.get(p.backUrl) ?? 0) + 1);
    if (p.frontUrl === p.backUrl) frontEqualsBack.push(p.frontUrl);
  }
  const backReused = [...backUse].filter(([, n]) => n > 1).map(([u]) => u);
  // pairs[] must agree with products that have a back
  const fromProducts = new Set(
    out.products.filter((p) => p.backUrl !== null).map((p) => `${p.frontUrl}\n${p.backUrl}`),
  );
  const fromPairs = new Set(out.pairs.map((p) => `${p.frontUrl}\n${p.backUrl}`));
  let mismatch = 0;
  for (const k of fromProducts) if (!fromPairs.has(k)) mismatch++;
  for (const k of fromPairs) if (!fromProducts.has(k)) mismatch++;
  const violations =
    missingUrls.length +
    duplicateUrls.length +
    unknownUrls.length +
    backReused.length +
    frontEqualsBack.length +
    mismatch;
  return { missingUrls, duplicateUrls, unknownUrls, backReused, frontEqualsBack, violations };
}
