import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pileAnalysis, pileTruth } from "../../bench/pairing/pile.js";
import { parseAnalysis } from "../../src/pairing/index.js";

function writeBatch(dir: string, name: string, analysis: unknown, truth: unknown) {
  writeFileSync(join(dir, `${name}.analysis.json`), JSON.stringify(analysis));
  writeFileSync(join(dir, `${name}.truth.json`), JSON.stringify(truth));
}

const insight = (url: string, role: string) => ({
  url,
  hasVisibleText: true,
  dominantColor: "white",
  role,
  roleScore: 0.9,
  evidenceTriggers: [],
  visualDescription: "white bottle",
  textExtracted: "Shampoo",
});

describe("bench pile (bench/pairing/pile.ts)", () => {
  it("puts each batch under a folder of its name, in both insight shapes, and merges the truths", () => {
    const dir = mkdtempSync(join(tmpdir(), "pile-test-"));
    const group = (id: string, images: string[]) => ({
      groupId: id,
      brand: "Acme",
      product: "Shampoo",
      variant: "",
      size: "250 ml",
      category: "Hair",
      categoryPath: "Hair > Shampoo",
      images,
      primaryImageUrl: images[0],
    });
    // the same file names in both batches: only the folder keeps them apart
    writeBatch(
      dir,
      "a",
      {
        groups: [group("g1", ["f.jpg", "b.jpg"])],
        imageInsights: [insight("f.jpg", "front"), insight("b.jpg", "back")],
      },
      {
        pairs: [["f.jpg", "b.jpg"]],
        extras: { "f.jpg": ["s.jpg"] },
        singletons: [],
        alternates: { "f.jpg": ["f2.jpg"] },
        images: { "f.jpg": { productId: "p1" } },
        products: 1,
        catalogueItems: 2,
      },
    );
    writeBatch(
      dir,
      "b",
      {
        groups: [group("g1", ["f.jpg"])],
        imageInsights: {
          "f.jpg": insight("f.jpg", "front"),
          "x.jpg": { ...insight("", "other"), url: undefined },
        },
      },
      { pairs: [], singletons: ["x.jpg"], products: 3, catalogueItems: 4 },
    );

    const pile = pileAnalysis(dir, ["a", "b"]);
    const urls = pile.imageInsights.map((i) => (i as { url: string }).url);
    assert.deepEqual(urls, ["a/f.jpg", "a/b.jpg", "b/f.jpg", "b/x.jpg"]);
    assert.deepEqual(
      pile.groups.map((g) => (g as { groupId: string; images: string[] }).images),
      [["a/f.jpg", "a/b.jpg"], ["b/f.jpg"]],
    );
    assert.deepEqual(
      pile.groups.map((g) => (g as { groupId: string }).groupId),
      ["a/g1", "b/g1"],
    );
    // the engine reads the pile as one batch with every photo once
    const parsed = parseAnalysis(pile, "pile");
    assert.equal(parsed.records.length + parsed.invalid.length, 4);

    const truth = pileTruth(dir, ["a", "b"]);
    assert.deepEqual(truth.pairs, [["a/f.jpg", "a/b.jpg"]]);
    assert.deepEqual(truth.extras, { "a/f.jpg": ["a/s.jpg"] });
    assert.deepEqual(truth.alternates, { "a/f.jpg": ["a/f2.jpg"] });
    assert.deepEqual(truth.singletons, ["b/x.jpg"]);
    assert.deepEqual(truth.images, { "a/f.jpg": { productId: "p1" } });
    assert.equal(truth.products, 4);
    assert.equal(truth.catalogueItems, 6);
  });

  const bench = new URL("../../../shared/pairing-bench/", import.meta.url).pathname;
  const skip = existsSync(join(bench, "score.py"))
    ? false
    : "../shared/pairing-bench is not here: the scorer check of a real pile is skipped";
  it("merges real dev truths into one the bench's scorer accepts (a perfect output scores 1.0)", {
    skip,
  }, () => {
    const dev = join(bench, "dev");
    const names = readdirSync(dev)
      .filter((f) => /^dev-00(08|26)-0[12]\.analysis\.json$/.test(f))
      .map((f) => f.slice(0, -".analysis.json".length));
    assert.equal(names.length, 4);
    const dir = mkdtempSync(join(tmpdir(), "pile-score-"));
    writeFileSync(join(dir, "pile.analysis.json"), JSON.stringify(pileAnalysis(dev, names)));
    writeFileSync(join(dir, "pile.truth.json"), JSON.stringify(pileTruth(dev, names)));
    const out = JSON.parse(
      execFileSync("python3", [join(bench, "score.py"), "--dir", dir, "--self-test", "--compact"], {
        encoding: "utf8",
      }),
    ) as { selfTestFailures: unknown[] };
    assert.deepEqual(out.selfTestFailures, []);
  });
});
