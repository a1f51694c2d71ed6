import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { Rng } from "../../src/lib/rng.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import {
  applyEdit,
  benchTruth,
  listingCsv,
  listingTitle,
  matchesTarget,
  photosOf,
  planFixes,
  type ReviewEdit,
  ReviewEditError,
  reviewContract,
  stateFromPairing,
} from "../../src/review/index.js";

const golden = JSON.parse(readFileSync(new URL("../golden/analysis.json", import.meta.url), "utf8"));
const urls: string[] = golden.imageInsights.map((i: { url: string }) => i.url);
const start = () => stateFromPairing(pairAnalysis(golden, loadPairingConfig({})).result, golden);

describe("review state", () => {
  it("holds every photo exactly once through any sequence of edits, refused ones included", () => {
    const rng = new Rng(17);
    let s = start();
    assert.deepEqual(reviewContract(s, urls), []);
    let applied = 0;
    let refused = 0;
    for (let i = 0; i < 600; i++) {
      const ids = [...s.products.map((p) => p.id), "p999"];
      const url = rng.pick([...urls, "stranger.jpg"]);
      const edits: ReviewEdit[] = [
        { op: "swap", product: rng.pick(ids) },
        { op: "split", product: rng.pick(ids) },
        { op: "move", url, to: rng.next() < 0.2 ? "new" : rng.pick(ids) },
        { op: "not_product", url },
        { op: "edit", product: rng.pick(ids), name: "x" },
      ];
      const before = structuredClone(s);
      try {
        s = applyEdit(s, rng.pick(edits));
        applied++;
      } catch (e) {
        assert.ok(e instanceof ReviewEditError, String(e));
        assert.deepEqual(s, before, "a refused edit changes nothing");
        refused++;
      }
      assert.deepEqual(reviewContract(s, urls), [], `after edit ${i}`);
    }
    assert.ok(applied > 200 && refused > 50, `${applied} applied, ${refused} refused`);
  });

  it("starts a product made from a loose photo with what its analysis read", () => {
    const s = start();
    const loose = s.singletons.find((x) => s.facts?.[x.url]?.brand)!;
    const next = applyEdit(s, { op: "move", url: loose.url, to: "new" });
    const made = next.products.at(-1)!;
    assert.equal(made.front, loose.url);
    assert.equal(made.brand, s.facts?.[loose.url]?.brand);
    assert.equal(made.decidedBy, "seller");
  });

  it("turns a back dropped on its own product into an extra, and an extra into the missing back", () => {
    const s = start();
    const p = s.products.find((x) => x.back !== null)!;
    const demoted = applyEdit(s, { op: "move", url: p.back as string, to: p.id });
    const q = demoted.products.find((x) => x.id === p.id)!;
    assert.equal(q.back, null);
    assert.ok(q.extras.includes(p.back as string));
    const promoted = applyEdit(demoted, { op: "move", url: p.back as string, to: p.id });
    assert.equal(promoted.products.find((x) => x.id === p.id)!.back, p.back);
  });

  it("titles a listing brand + product + variant + size, each once", () => {
    assert.equal(
      listingTitle({ brand: "SUNKISS", name: "SUNKISS Mineral SPF 50", variant: "", size: "50 ml" }),
      "SUNKISS Mineral SPF 50 50 ml",
    );
    assert.equal(
      listingTitle({ brand: "Jocko", name: "Fish Oil", variant: "Lemon", size: "60 softgels" }),
      "Jocko Fish Oil Lemon 60 softgels",
    );
    assert.equal(listingTitle({ brand: "Unknown", name: "Serum", variant: "", size: "" }), "Serum");
  });

  it("writes CSV cells with commas and quotes quoted, and bench truth that pairs what the seller paired", () => {
    let s = start();
    const p = s.products.find((x) => x.back !== null)!;
    s = applyEdit(s, { op: "edit", product: p.id, name: 'Cream, "rich"' });
    const csv = listingCsv(s);
    assert.ok(csv.includes('"Cream, ""rich"""'));
    const truth = benchTruth(s);
    assert.ok(truth.pairs.some(([f, b]) => f === p.front && b === p.back));
    const inTruth = new Set([
      ...truth.pairs.flat(),
      ...Object.values(truth.extras).flat(),
      ...truth.singletons,
      ...Object.keys(truth.extras),
    ]);
    assert.deepEqual([...inTruth].sort(), [...photosOf(s)].sort());
  });
});

describe("fix plans", () => {
  it("turns a wrong batch into the truth with the app's own edits, counting them per product", () => {
    const s = start();
    // the truth: the first pair the other way round, and a loose photo as a second product's extra
    const paired = s.products.filter((p) => p.back !== null);
    const [a, b] = paired;
    const loose = s.singletons[0].url;
    const pairs = paired.map((p) => [p.front, p.back as string] as [string, string]);
    pairs[0] = [a.back as string, a.front];
    const extras: Record<string, string[]> = {};
    for (const p of s.products) if (p.extras.length > 0) extras[p.front] = [...p.extras];
    extras[b.front] = [...(extras[b.front] ?? []), loose];
    const plan = planFixes(s, { pairs, extras });
    assert.ok(matchesTarget(plan.state, { pairs, extras }));
    assert.equal(plan.perProduct.get(a.back as string), 1, "a swap is one edit");
    assert.equal(plan.perProduct.get(b.front), 1, "a loose photo dragged on is one edit");
    assert.equal(plan.perProduct.size, 2);
    assert.deepEqual(reviewContract(plan.state, urls), []);
  });
});
