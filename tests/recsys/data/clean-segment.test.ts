import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { cleanReviews, type Interaction, type RawReviews } from "../../../src/recsys/data/clean.js";
import { SegmentationSchema } from "../../../src/recsys/data/presets.js";
import { segmentAndSplit } from "../../../src/recsys/data/segment.js";

function raw(rows: [string, string, string, string, string][]): RawReviews {
  return {
    file: "reviews.csv",
    user: rows.map((r) => r[0]),
    product: rows.map((r) => r[1]),
    rating: rows.map((r) => r[2]),
    date: rows.map((r) => r[3]),
    text: rows.map((r) => r[4]),
    columnOf: { user_id: "uid", product_id: "pid", rating: "stars", date: "when", text: "comment" },
  };
}

describe("cleanReviews", () => {
  const catalogue = new Set(["a", "b", "c", "d"]);

  it("drops bad rows with a reason, the source column and the value", () => {
    const r = cleanReviews(
      raw([
        ["u1", "a", "5", "2023-01-01 10:00:00", "tốt"],
        ["", "a", "5", "2023-01-01 10:00:00", ""],
        ["u2", "a", "5", "", ""],
        ["u2", "a", "5", "30/11/-0001", ""],
        ["u2", "b", "0", "2023-01-01 10:00:00", ""],
        ["u2", "b", "five", "2023-01-01 10:00:00", ""],
        ["u2", "zzz", "5", "2023-01-01 10:00:00", ""],
      ]),
      catalogue,
      "dmy",
    );
    assert.equal(r.interactions.length, 1);
    assert.deepEqual(r.dropped, {
      missing_user: 1,
      missing_timestamp: 1,
      bad_timestamp: 1,
      rating_out_of_range: 1,
      bad_rating: 1,
      unknown_product: 1,
    });
    const bad = r.issues.find((i) => i.reason === "bad_timestamp")!;
    assert.equal(bad.record, 3);
    assert.equal(bad.column, "when");
    assert.equal(bad.value, "30/11/-0001");
    assert.equal(r.issues.find((i) => i.reason === "rating_out_of_range")!.column, "stars");
  });

  it("merges one review copied across variant SKUs into one event", () => {
    const r = cleanReviews(
      raw([
        ["u1", "a", "5", "2023-01-01 10:00:05", "Rất thích"],
        ["u1", "b", "5", "2023-01-01 10:00:40", "rất thích"],
        ["u1", "c", "5", "2023-01-01 10:01:10", "rất thích"],
        ["u2", "a", "5", "2023-01-01 10:00:05", "rất thích"],
      ]),
      catalogue,
      "dmy",
    );
    assert.equal(r.mergedCopies, 1);
    const ev = (u: string, p: string) => r.interactions.find((i) => i.user === u && i.product === p)!.event;
    assert.equal(ev("u1", "a"), ev("u1", "b"));
    assert.notEqual(ev("u1", "a"), ev("u1", "c"), "a different minute is a different event");
    assert.notEqual(ev("u1", "a"), ev("u2", "a"), "another user is another event");
    assert.equal(r.events, 3);
  });

  it("keeps one row per (user, product): the latest, then the highest rating", () => {
    const r = cleanReviews(
      raw([
        ["u1", "a", "5", "2023-01-01 10:00:00", "x"],
        ["u1", "a", "2", "2023-02-01 10:00:00", "y"],
        ["u1", "b", "3", "2023-03-01 10:00:00", "p"],
        ["u1", "b", "4", "2023-03-01 10:00:00", "q"],
      ]),
      catalogue,
      "dmy",
    );
    const a = r.interactions.find((i) => i.product === "a")!;
    const b = r.interactions.find((i) => i.product === "b")!;
    assert.equal(a.rating, 2, "latest wins even if lower");
    assert.equal(b.rating, 4, "same time: highest rating wins");
    assert.equal(r.dropped.duplicate_user_product, 2);
  });
});

function rows(spec: [string, string, number, number][]): Interaction[] {
  return spec.map(([user, product, rating, day], i) => ({
    user,
    product,
    rating,
    ts: day * 86400,
    confidence: rating,
    event: i,
    record: i,
  }));
}

describe("segmentAndSplit", () => {
  const cfg = SegmentationSchema.parse({ minItemPositives: 0 });

  it("holds out the latest positive event, never trains on later rows, and takes validation from before it", () => {
    const s = segmentAndSplit(
      rows([
        ["u1", "a", 5, 1],
        ["u1", "b", 4, 2],
        ["u1", "c", 5, 3],
        ["u1", "d", 2, 4],
        ["u2", "a", 5, 1],
      ]),
      ["a", "b", "c", "d"],
      cfg,
    );
    const split = (p: string, u = "u1") => s.split[s.rows.findIndex((r) => r.user === u && r.product === p)];
    assert.equal(split("c"), "test");
    assert.equal(split("d"), "future");
    assert.equal(split("b"), "val");
    assert.equal(split("a"), "train");
    assert.equal(split("a", "u2"), "train", "one-event users are not held out");
    assert.deepEqual([...s.trainable], ["u1"]);
  });

  it("the latest rule holds out the last event whatever its rating", () => {
    const s = segmentAndSplit(
      rows([
        ["u1", "a", 5, 1],
        ["u1", "b", 1, 2],
      ]),
      ["a", "b"],
      SegmentationSchema.parse({ minItemPositives: 0, holdout: "latest", requirePositive: false }),
    );
    assert.deepEqual(s.split, ["train", "test"]);
  });

  it("iterates the item filter until stable", () => {
    // Item x has 2 positives from trainable users; dropping it leaves u3 with one event, which drops y below 2.
    const data = rows([
      ["u1", "x", 5, 1],
      ["u1", "y", 5, 2],
      ["u2", "x", 5, 1],
      ["u2", "y", 5, 2],
      ["u3", "z", 5, 1],
      ["u3", "y", 5, 2],
      ["u4", "z", 5, 1],
      ["u4", "w", 5, 2],
      ["u5", "z", 5, 1],
      ["u5", "w", 5, 2],
      ["u6", "z", 5, 1],
      ["u6", "w", 5, 3],
    ]);
    const s = segmentAndSplit(data, ["w", "x", "y", "z"], SegmentationSchema.parse({ minItemPositives: 3 }));
    assert.deepEqual(s.items, ["w", "z"]);
    assert.ok(s.filterRounds >= 2);
    assert.ok(s.rows.every((r) => r.product === "w" || r.product === "z"));
  });
});
