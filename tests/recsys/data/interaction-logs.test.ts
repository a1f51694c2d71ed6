import assert from "node:assert/strict";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DatasetError } from "../../../src/recsys/data/dataset.js";
import { parseTimestamp, timestampKind } from "../../../src/recsys/data/dates.js";
import { prepareDataset } from "../../../src/recsys/data/prepare.js";
import { loadPreset } from "../../../src/recsys/data/presets.js";

const tmp = () => mkdtempSync(join(tmpdir(), "logs-"));

/**
 * A log of 30 users over 6 items, each user touching 4 items in turn, written with `rating(u, k)` and `when(u, k)`
 * for the user's k-th event; the mapping leaves the rating column out when `rating` is undefined.
 */
function log(rating: ((u: number, k: number) => string) | undefined, when: (u: number, k: number) => string) {
  const dir = tmp();
  writeFileSync(
    join(dir, "items.csv"),
    `item,title\n${[0, 1, 2, 3, 4, 5].map((i) => `i${i},Item ${i}`).join("\n")}\n`,
  );
  const rows = [rating ? "user,item,value,when" : "user,item,when"];
  for (let u = 0; u < 30; u++)
    for (let k = 0; k < 4; k++) {
      const item = `i${(u + k) % 6}`;
      rows.push(rating ? `u${u},${item},${rating(u, k)},${when(u, k)}` : `u${u},${item},${when(u, k)}`);
    }
  writeFileSync(join(dir, "log.csv"), `${rows.join("\n")}\n`);
  const columns = rating
    ? "{user_id: user, product_id: item, rating: value, date: when}"
    : "{user_id: user, product_id: item, date: when}";
  const mapping = join(dir, "map.yaml");
  writeFileSync(
    mapping,
    `reviews:\n  files: [log.csv]\n  columns: ${columns}\nproducts:\n  files: [items.csv]\n  columns: {product_id: item, name: title}\nsegmentation: {minItemPositives: 0}\n`,
  );
  return { dir, preset: loadPreset("generic", mapping) };
}

describe("any shop's interaction log", () => {
  it("a log without ratings is implicit feedback: every row is a positive, and the report says so", async () => {
    const { dir, preset } = log(
      undefined,
      (u, k) => `2024-01-${String(1 + k).padStart(2, "0")} 1${u % 10}:00`,
    );
    const r = await prepareDataset({ input: dir, out: join(tmp(), "p"), preset });
    assert.match(r.feedback, /implicit \(no rating column\)/);
    assert.equal(r.stats.interactions, 120);
    assert.equal(r.stats.trainable_users, 30);
    assert.equal(r.stats.test_users, 30);
  });

  it("one rating value throughout (1 per click) is implicit too, not 120 rows below --positive-rating", async () => {
    const { dir, preset } = log(
      () => "1",
      (_u, k) => `2024-02-0${1 + k}`,
    );
    const r = await prepareDataset({ input: dir, out: join(tmp(), "p"), preset });
    assert.match(r.feedback, /implicit \(every rating is 1\)/);
    assert.equal(r.stats.trainable_users, 30);
    assert.deepEqual(r.stats.rating_histogram, { "5": 120 });
  });

  it("reads sequence integers and Unix seconds of any length, and names which it read", async () => {
    const seq = log(
      () => "5",
      (u, k) => String(u * 4 + k + 1),
    );
    const a = await prepareDataset({ input: seq.dir, out: join(tmp(), "p"), preset: seq.preset });
    assert.match(a.timestamps, /sequence integers/);
    assert.equal(a.dropped.bad_timestamp ?? 0, 0);
    assert.equal(a.stats.test_users, 30);
    // 9-digit Unix seconds: 1998
    const secs = log(
      () => "5",
      (u, k) => String(900_000_000 + u * 1000 + k * 60),
    );
    const b = await prepareDataset({ input: secs.dir, out: join(tmp(), "p"), preset: secs.preset });
    assert.match(b.timestamps, /Unix seconds/);
    assert.equal(b.stats.time_range.first.slice(0, 4), "1998");
    assert.equal(timestampKind(["1700000000123", "1700000001000"]), "epoch_ms");
    assert.equal(timestampKind(["2024-01-01", "17"]), "calendar");
    assert.equal(parseTimestamp("1700000000123", null, "dmy", "epoch_ms"), 1_700_000_000.123);
  });

  it("a log alone, with no products table, trains on the product ids it names", async () => {
    const { dir } = log(undefined, (u, k) => String(1_700_000_000 + u * 1000 + k * 60));
    const mapping = join(dir, "log-only.yaml");
    writeFileSync(
      mapping,
      "reviews:\n  files: [log.csv]\n  columns: {user_id: user, product_id: item, date: when}\nsegmentation: {minItemPositives: 0}\n",
    );
    const r = await prepareDataset({
      input: dir,
      out: join(tmp(), "p"),
      preset: loadPreset("generic", mapping),
    });
    assert.match(r.files.products, /none/);
    assert.equal(r.stats.items, 6);
    assert.equal(r.stats.test_users, 30);
  });

  it("a split with no trainable user stops with one line naming the setting, and keeps the report", async () => {
    const { dir, preset } = log(
      (u, k) => String(1 + ((u + k) % 3)),
      (_u, k) => `2024-03-0${1 + k}`,
    );
    const out = join(tmp(), "p");
    await assert.rejects(
      prepareDataset({ input: dir, out, preset }),
      (e: Error) =>
        e instanceof DatasetError &&
        /0 trainable and 0 test users: no rating reaches --positive-rating 4 \(ratings seen: 1, 2, 3\)/.test(
          e.message,
        ) &&
        /--no-require-positive/.test(e.message) &&
        !e.message.includes("\n"),
    );
    assert.ok(existsSync(join(out, "processing_report.failed.json")));
    assert.ok(!existsSync(join(out, "interactions.parquet")));
    // following the advice works
    const ok = await prepareDataset({
      input: dir,
      out,
      preset,
      segmentation: { requirePositive: false, holdout: "latest" },
    });
    assert.equal(ok.stats.test_users, 30);
  });
});
