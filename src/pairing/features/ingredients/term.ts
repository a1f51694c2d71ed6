import { jaccard } from "../../../lib/text.js";
import type { ImageFeatures } from "../extract.js";
import { fmt, type ScoreContext, type Signal, type WeightValues } from "../signal.js";
import { hasIngredientList } from "./ingredients.js";

const WEIGHTS = { ingredients: { min: 0, max: 20, doc: "a candidate back that prints an ingredient list" } };

function listOnBackTerm(
  s: number,
  _front: ImageFeatures,
  back: ImageFeatures,
  ctx: ScoreContext,
  ev: string[] | null,
) {
  if (!hasIngredientList(back.ingredients)) return s;
  const w = (ctx.weights as WeightValues<typeof WEIGHTS>).ingredients;
  ev?.push(`ingredient list on back (${fmt(w)})`);
  return s + w;
}

/** An extra shot of an ingredient panel ties to the face whose list it repeats. */
function listOverlapTerm(
  s: number,
  x: ImageFeatures,
  p: ImageFeatures,
  _ctx: ScoreContext,
  ev: string[] | null,
) {
  if (x.ingredients.names.size === 0 || p.ingredients.names.size === 0) return s;
  const j = jaccard(x.ingredients.names, p.ingredients.names);
  if (j <= 0.2) return s;
  ev?.push(`ingredient list overlap ${j.toFixed(2)} (${fmt(3 * j)})`);
  return s + 3 * j;
}

export const ingredientsSignal: Signal<keyof typeof WEIGHTS> = {
  name: "ingredients",
  weights: WEIGHTS,
  pair: listOnBackTerm,
  extra: listOverlapTerm,
};
