import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { NO_PROGRESS } from "../../../src/lib/progress.js";
import { trainMatrix } from "../../../src/recsys/data/dataset.js";
import { trainEase } from "../../../src/recsys/models/ease.js";
import { normaliseScores, tuneWeights } from "../../../src/recsys/models/hybrid.js";
import { loadModel, saveModel } from "../../../src/recsys/models/io.js";
import { trainPopularity } from "../../../src/recsys/models/pop.js";
import { MODEL_TYPES, type ModelType } from "../../../src/recsys/models/registry.js";
import { contextOf } from "../../../src/recsys/models/types.js";
import { ParamError, parseParams, trainAndEvaluate } from "../../../src/recsys/train.js";
import { makeDataset, structuredDataset } from "../helpers.js";

describe("every model type", () => {
  const ds = structuredDataset(80, 24, 5);
  const train = trainMatrix(ds, "final");
  for (const type of MODEL_TYPES as readonly ModelType[]) {
    it(`${type}: trains, saves numpy arrays, and loads back with identical scores`, async () => {
      const overrides: Record<string, string> =
        type === "als"
          ? { factors: "8", iterations: "3", workers: "0" }
          : type === "bpr"
            ? { factors: "8", epochs: "5" }
            : type === "hybrid"
              ? { components: "ease,itemknn,pop,pop_time,transition,content" }
              : {};
      const out = await trainAndEvaluate(ds, type, parseParams(type, overrides), {
        seed: 3,
        evalSample: 0,
        progress: () => NO_PROGRESS,
      });
      const dir = mkdtempSync(join(tmpdir(), `model-${type}-`));
      const files = saveModel(out.model, dir);
      assert.ok(files.includes("params.json"));
      assert.ok(files.some((f) => f.endsWith(".npy")));
      const back = loadModel(dir);
      const a = new Float32Array(ds.nItems);
      const b = new Float32Array(ds.nItems);
      for (const u of [0, 1, 7, 33]) {
        const ctx = {
          ...contextOf(train, u),
          time: 40 * 86400,
          recent: contextOf(train, u).items.subarray(0, 1),
        };
        out.model.score(ctx, a);
        back.score(ctx, b);
        assert.deepEqual(Array.from(b), Array.from(a), `${type} user ${u}`);
      }
      assert.ok(out.test.groups.all.users > 0);
      assert.ok(out.val.groups.all.users >= 0);
    });
  }

  it("collaborative models beat popularity on data with real structure", async () => {
    const hr = async (type: ModelType) =>
      (
        await trainAndEvaluate(ds, type, parseParams(type, {}), {
          seed: 3,
          evalSample: 0,
          progress: () => NO_PROGRESS,
        })
      ).test.groups.all.hr;
    const pop = await hr("pop");
    assert.ok((await hr("itemknn")) > pop);
    assert.ok((await hr("ease")) > pop);
  });

  it("content-initialised ALS starts from content vectors and trains", async () => {
    const out = await trainAndEvaluate(
      ds,
      "als",
      parseParams("als", { init: "content", factors: "8", iterations: "2", workers: "0" }),
      { seed: 3, evalSample: 0, progress: () => NO_PROGRESS },
    );
    assert.equal(out.model.type, "als");
    assert.ok(Number.isFinite(out.test.groups.all.hr));
  });

  it("rejects unknown or invalid parameters with the parameter's name", () => {
    assert.throws(
      () => parseParams("als", { factors: "zero" }),
      (e: Error) =>
        e instanceof ParamError &&
        /^--param factors="zero": .*expected number \(model als\)$/.test(e.message),
    );
    assert.throws(
      () => parseParams("ease", { lamda: "10" }),
      (e: Error) =>
        e instanceof ParamError &&
        /^--param lamda: model ease has no such parameter; it takes .*lambda/.test(e.message),
    );
  });
});

describe("EASE", () => {
  it("has a zero diagonal and reproduces the closed form on a tiny matrix", () => {
    // Users: {0,1}, {0,1}, {1,2}; lambda 1.
    const ds = makeDataset(3, 3, [
      [0, 0, 5, 1, "train"],
      [0, 1, 5, 2, "train"],
      [1, 0, 5, 1, "train"],
      [1, 1, 5, 2, "train"],
      [2, 1, 5, 1, "train"],
      [2, 2, 5, 2, "train"],
    ]);
    const m = trainEase(
      { ds, train: trainMatrix(ds, "final"), stage: "final", seed: 1, progress: () => NO_PROGRESS },
      { lambda: 1 },
    );
    // G = X^T X + I = [[3,2,0],[2,4,1],[0,1,2]]; B_ij = -P_ij / P_jj.
    const g = [3, 2, 0, 2, 4, 1, 0, 1, 2];
    const det =
      g[0]! * (g[4]! * g[8]! - g[5]! * g[7]!) -
      g[1]! * (g[3]! * g[8]! - g[5]! * g[6]!) +
      g[2]! * (g[3]! * g[7]! - g[4]! * g[6]!);
    const p01 = -(g[1]! * g[8]! - g[2]! * g[7]!) / det;
    const p11 = (g[0]! * g[8]! - g[2]! * g[6]!) / det;
    for (let i = 0; i < 3; i++) assert.equal(m.b[i * 3 + i], 0);
    assert.ok(Math.abs(m.b[0 * 3 + 1]! - -p01 / p11) < 1e-6);
  });
});

describe("popularity", () => {
  it("counts a window that ends at the user's reference time and never looks past it", () => {
    const ds = makeDataset(4, 3, [
      [0, 0, 5, 1, "train"],
      [1, 0, 5, 2, "train"],
      [2, 1, 5, 20, "train"],
      [3, 2, 5, 40, "train"],
      [3, 2, 5, 41, "train"],
    ]);
    const m = trainPopularity(
      { ds, train: trainMatrix(ds, "final"), stage: "final", seed: 1, progress: () => NO_PROGRESS },
      { halfLifeDays: 0, windowDays: 7, oneTimeWeight: 1 },
    );
    const out = new Float32Array(3);
    m.score({ user: -1, items: new Int32Array(0), conf: new Float32Array(0), time: 3 * 86400 }, out);
    assert.ok(out[0]! > out[1]! && out[0]! > out[2]!, "early user sees early best seller");
    m.score({ user: -1, items: new Int32Array(0), conf: new Float32Array(0), time: 21 * 86400 }, out);
    assert.ok(out[1]! > out[0]! && out[1]! > out[2]!, "item 2 sells only later and must not leak back");
  });

  it("counts one-time customers' rows at oneTimeWeight, returning customers' in full", () => {
    // users 0-2 bought item 0 once and never came back; user 3 bought item 1, then item 2 (held out)
    const ds = makeDataset(4, 3, [
      [0, 0, 5, 1, "train"],
      [1, 0, 5, 2, "train"],
      [2, 0, 5, 3, "train"],
      [3, 1, 5, 4, "train"],
      [3, 2, 5, 5, "test"],
    ]);
    const input = {
      ds,
      train: trainMatrix(ds, "final"),
      stage: "final" as const,
      seed: 1,
      progress: () => NO_PROGRESS,
    };
    const scores = (w: number) =>
      trainPopularity(input, { halfLifeDays: 0, windowDays: 0, oneTimeWeight: w }).scores;
    assert.ok(
      scores(1)[0]! > scores(1)[1]!,
      "counted alike, three one-off buyers outweigh one returning customer",
    );
    assert.ok(scores(0.25)[1]! > scores(0.25)[0]!, "at 0.25 the returning customer's item leads");
    assert.equal(scores(0)[0], 0);
  });
});

describe("hybrid pieces", () => {
  it("normalises scores per user over recommendable items only", () => {
    const s = Float32Array.of(100, 1, 2, 3);
    normaliseScores(s, [0], "max");
    assert.equal(s[3], 1);
    assert.equal(s[0], 100, "history scores are left alone");
    const r = Float32Array.of(5, 9, 1);
    normaliseScores(r, [], "rank");
    assert.ok(r[1]! > r[0]! && r[0]! > r[2]!);
  });

  it("tunes weights toward the component that finds the targets", () => {
    const good = Float32Array.of(0, 0, 1, 0, 0);
    const bad = Float32Array.of(1, 0.9, 0, 0.8, 0.7);
    const cases = [{ scores: [bad, good], history: new Int32Array(0), targets: new Set([2]) }];
    const t = tuneWeights(cases, 2, 1, 5);
    assert.equal(t.ndcg, 1);
    assert.ok(t.weights[1]! > t.weights[0]!);
  });
});
