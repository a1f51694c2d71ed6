/**
 * The corrections a seller makes in the review app to turn the engine's batch into the right one, product by
 * product, with the app's own edits. Each edit is applied as it is planned, so a plan is always one the app
 * accepts; the count per product is what fixing it costs (bench:review-fixes measures it on labelled batches).
 */
import { applyEdit, type ReviewEdit, type ReviewState } from "./state.js";

/** The right grouping, as the bench's truth gives it: front–back pairs, each front's extras. */
export interface FixTarget {
  pairs: readonly (readonly [string, string])[];
  extras: Readonly<Record<string, readonly string[]>>;
}

export interface FixPlan {
  edits: ReviewEdit[];
  /** edits per true product that needed any, by its front */
  perProduct: Map<string, number>;
  /** of those, the edits that put its front and back together (the rest place its extras) */
  pairEdits: Map<string, number>;
  state: ReviewState;
}

type Where = { kind: "front" | "back" | "extra"; product: string } | { kind: "loose" };

function where(s: ReviewState, url: string): Where {
  for (const p of s.products) {
    if (p.front === url) return { kind: "front", product: p.id };
    if (p.back === url) return { kind: "back", product: p.id };
    if (p.extras.includes(url)) return { kind: "extra", product: p.id };
  }
  return { kind: "loose" };
}

export function planFixes(start: ReviewState, target: FixTarget): FixPlan {
  let s = start;
  const edits: ReviewEdit[] = [];
  const perProduct = new Map<string, number>();
  const pairEdits = new Map<string, number>();
  let pairStage = true;
  const apply = (owner: string, e: ReviewEdit) => {
    s = applyEdit(s, e);
    edits.push(e);
    perProduct.set(owner, (perProduct.get(owner) ?? 0) + 1);
    if (pairStage) pairEdits.set(owner, (pairEdits.get(owner) ?? 0) + 1);
  };
  const productOf = (id: string) => s.products.find((p) => p.id === id)!;
  const belongs = new Set<string>();
  for (const [f, b] of target.pairs) belongs.add(f).add(b);
  for (const [f, xs] of Object.entries(target.extras)) {
    belongs.add(f);
    for (const x of xs) belongs.add(x);
  }
  const fronts = new Map<string, string | null>(target.pairs.map(([f, b]) => [f, b]));
  for (const f of Object.keys(target.extras)) if (!fronts.has(f)) fronts.set(f, null);

  for (const [f, b] of fronts) {
    // the front heads a product of its own
    let at = where(s, f);
    if (at.kind === "back" && b !== null && productOf(at.product).front === b) {
      apply(f, { op: "swap", product: at.product });
      at = where(s, f);
    }
    if (at.kind !== "front") {
      apply(f, { op: "move", url: f, to: "new" });
      at = where(s, f);
    }
    if (at.kind !== "front") continue;
    const home = at.product;
    // its back, and no other back
    if (b !== null && productOf(home).back !== b) {
      const wrong = productOf(home).back;
      if (wrong !== null) apply(f, { op: "not_product", url: wrong });
      const bAt = where(s, b);
      if (bAt.kind === "front") {
        // the back heads another product: that product gives up its other photos first
        const other = productOf(bAt.product);
        if (other.back !== null || other.extras.length > 0) apply(f, { op: "split", product: other.id });
      }
      apply(f, { op: "move", url: b, to: home });
    }
  }
  pairStage = false;
  // extras: each where it belongs; photos of no product out of every product
  for (const [f, xs] of Object.entries(target.extras)) {
    const at = where(s, f);
    if (at.kind !== "front") continue;
    for (const x of xs) {
      const xAt = where(s, x);
      if (xAt.kind !== "loose" && xAt.product === at.product) continue;
      if (xAt.kind === "front") {
        const other = productOf(xAt.product);
        if (other.back !== null || other.extras.length > 0) apply(f, { op: "split", product: other.id });
      }
      apply(f, { op: "move", url: x, to: at.product });
    }
  }
  // a product with no back in the truth: a photo moved onto it became its back, or it had one; that photo is an
  // extra (dragged onto its own product) or a photo of no product
  for (const [f, b] of fronts) {
    const at = where(s, f);
    const back = at.kind === "front" ? productOf(at.product).back : null;
    if (at.kind !== "front" || b !== null || back === null) continue;
    apply(
      f,
      belongsAsExtra(target, f, back)
        ? { op: "move", url: back, to: at.product }
        : { op: "not_product", url: back },
    );
  }
  for (const p of [...s.products]) {
    for (const u of [...(p.back === null ? [] : [p.back]), ...p.extras])
      if (!belongs.has(u) || !rightFor(target, p.front, u)) apply(p.front, { op: "not_product", url: u });
  }
  return { edits, perProduct, pairEdits, state: s };
}

function belongsAsExtra(t: FixTarget, front: string, url: string): boolean {
  return (t.extras[front] ?? []).includes(url);
}

/** Whether `url` is right in the product headed by `front`: its back or one of its extras. */
function rightFor(t: FixTarget, front: string, url: string): boolean {
  return t.pairs.some(([f, b]) => f === front && b === url) || belongsAsExtra(t, front, url);
}

/** True when the state groups photos as the target does (pairs and extras; lone fronts may be products). */
export function matchesTarget(s: ReviewState, t: FixTarget): boolean {
  const pairs = new Set(s.products.filter((p) => p.back !== null).map((p) => `${p.front}\n${p.back}`));
  const want = new Set(t.pairs.map(([f, b]) => `${f}\n${b}`));
  if (pairs.size !== want.size || [...want].some((k) => !pairs.has(k))) return false;
  for (const p of s.products) {
    const got = [...p.extras].sort().join("\n");
    const need = [...(t.extras[p.front] ?? [])].sort().join("\n");
    if (got !== need) return false;
  }
  return Object.keys(t.extras).every((f) => s.products.some((p) => p.front === f));
}
