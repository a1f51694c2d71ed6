/**
 * Every pairing signal, once. The order is the order the scorer adds their terms in. The tuning file's weights,
 * their bounds and the metrics' list of weights all come from here: a new signal is its own folder plus a line.
 */
import { barcodeSignal } from "./barcode/term.js";
import { brandSignal } from "./brand/term.js";
import { captureOrderSignal } from "./capture-order/term.js";
import { categorySignal } from "./category/term.js";
import { colourSignal } from "./colour/term.js";
import { folderSignal } from "./folder/term.js";
import { ingredientsSignal } from "./ingredients/term.js";
import { lookSignal } from "./look/term.js";
import { packagingSignal } from "./packaging/term.js";
import { productWordsSignal } from "./product-words/term.js";
import { roleCueSignal } from "./role-cues/term.js";
import type { ScoreTerm, Signal, WeightSpec } from "./signal.js";
import { sizeSignal } from "./size/term.js";

export const SIGNALS = [
  brandSignal,
  productWordsSignal,
  sizeSignal,
  packagingSignal,
  lookSignal,
  colourSignal,
  categorySignal,
  barcodeSignal,
  folderSignal,
  ingredientsSignal,
  roleCueSignal,
  captureOrderSignal,
] as const;

type WeightKeyOf<S> = S extends Signal<infer W> ? W : never;
/** The name of every weight some signal owns. */
export type WeightKey = WeightKeyOf<(typeof SIGNALS)[number]>;
export type SignalWeights = Readonly<Record<WeightKey, number>>;

/** Every weight with its bounds and meaning, in registry order; a weight owned twice is a programming error. */
export const WEIGHT_SPECS: ReadonlyMap<WeightKey, WeightSpec & { signal: string }> = (() => {
  const specs = new Map<WeightKey, WeightSpec & { signal: string }>();
  for (const s of SIGNALS as readonly Signal<WeightKey>[]) {
    for (const [key, spec] of Object.entries(s.weights) as [WeightKey, WeightSpec][]) {
      if (specs.has(key)) throw new Error(`pairing weight "${key}" is owned by two signals`);
      specs.set(key, { ...spec, signal: s.name });
    }
  }
  return specs;
})();

const termsOf = (kind: "shared" | "pair" | "extra"): readonly ScoreTerm[] =>
  (SIGNALS as readonly Signal[]).flatMap((s) => (s[kind] ? [s[kind]] : []));

/** Terms for any two photos of a product, then the ones only a front–back pair or an extra shot adds. */
export const SHARED_TERMS = termsOf("shared");
export const PAIR_TERMS = termsOf("pair");
export const EXTRA_TERMS = termsOf("extra");
