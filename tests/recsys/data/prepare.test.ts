import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { openDuck, readParquet } from "../../../src/lib/duck.js";
import { DatasetError, loadDataset } from "../../../src/recsys/data/dataset.js";
import { generateDemoShop } from "../../../src/recsys/data/demo.js";
import { prepareDataset } from "../../../src/recsys/data/prepare.js";
import { loadPreset, PresetError } from "../../../src/recsys/data/presets.js";

const tmp = () => mkdtempSync(join(tmpdir(), "prep-"));
const shared = new URL("../../../../shared/recsys-data/", import.meta.url).pathname;

describe("demo shop generator", () => {
  it("is deterministic for a seed and differs across seeds", () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    generateDemoShop(a, "tiny", 5);
    generateDemoShop(b, "tiny", 5);
    generateDemoShop(c, "tiny", 6);
    for (const f of ["data_product.csv", "data_product_attribute.csv", "data_reviews_purchase.csv"]) {
      assert.equal(readFileSync(join(a, f), "utf8"), readFileSync(join(b, f), "utf8"), f);
    }
    assert.notEqual(
      readFileSync(join(a, "data_reviews_purchase.csv"), "utf8"),
      readFileSync(join(c, "data_reviews_purchase.csv"), "utf8"),
    );
    assert.match(readFileSync(join(a, "data_product.csv"), "utf8"), /cho da/);
  });
});

describe("prepare", () => {
  const input = tmp();
  generateDemoShop(input, "tiny", 1);

  it("writes every artifact, and the parquet tables agree with data_stats.json", async () => {
    const out = join(tmp(), "prepared");
    const report = await prepareDataset({ input, out, preset: loadPreset("shopee") });
    for (const f of [
      "interactions.parquet",
      "user_item_mappings.json",
      "trainable_user_mapping.json",
      "top_k_popular_items.json",
      "enriched_products.parquet",
      "data_stats.json",
      "processing_report.json",
      "processing_report.md",
    ]) {
      assert.ok(existsSync(join(out, f)), f);
    }
    assert.deepEqual(
      readdirSync(join(out, "..")).filter((f) => f.includes("staging") || f.includes(".old")),
      [],
    );
    const con = await openDuck();
    const t = await readParquet(con, join(out, "interactions.parquet"));
    con.closeSync();
    assert.equal(t.rows, report.stats.interactions);
    const splits = t.columns.split as string[];
    assert.equal(splits.filter((s) => s === "test").length, report.stats.split_rows.test);
    const ds = await loadDataset(out);
    assert.equal(ds.nItems, report.stats.items);
    assert.ok(report.stats.test_users > 0 && report.stats.trainable_users >= report.stats.test_users);
    // The held-out event is each user's latest positive one: nothing earlier is marked test.
    const maxTrain = new Map<number, number>();
    for (let r = 0; r < ds.user.length; r++)
      if (ds.split[r]! <= 2) maxTrain.set(ds.user[r]!, Math.max(maxTrain.get(ds.user[r]!) ?? 0, ds.ts[r]!));
    for (let r = 0; r < ds.user.length; r++)
      if (ds.split[r] === 3) assert.ok(ds.ts[r]! >= (maxTrain.get(ds.user[r]!) ?? 0));
    const md = readFileSync(join(out, "processing_report.md"), "utf8");
    assert.match(md, /missing_timestamp|Dropped rows/);
  });

  it("reports broken rows with file, line, column and value, and keeps going", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "data_product.csv"), "product_id,product_name,brand\n1,Kem A,x\n2,Kem B,y\n");
    writeFileSync(
      join(dir, "data_reviews_purchase.csv"),
      [
        "user_id,product_id,rating,cmt_date,processed_comment",
        'u1,1,5,2023-01-01 10:00:00,"a comment\nspanning two lines"',
        "u1,2,5,2023-01-02 10:00:00,ok",
        "u2,1,5,31/02/2023,impossible date",
        "u2,2,9,2023-01-02 10:00:00,bad rating",
        "u3,1,5,2023-01-02 10:00:00,too,many,fields,here",
        "u2,1,4,2023-01-05 10:00:00,fine",
        "",
      ].join("\n"),
    );
    const out = join(tmp(), "p");
    const r = await prepareDataset({
      input: dir,
      out,
      preset: loadPreset("shopee"),
      segmentation: { minItemPositives: 0 },
    });
    const date = r.issues.find((i) => i.reason === "bad_timestamp")!;
    assert.equal(date.line, 5);
    assert.equal(date.column, "cmt_date");
    assert.equal(date.value, "31/02/2023");
    const rating = r.issues.find((i) => i.reason === "rating_out_of_range")!;
    assert.equal(rating.line, 6);
    assert.equal(rating.value, "9");
    assert.deepEqual(
      r.rejectedRows.map((x) => [x.line, x.error]),
      [[7, "too many columns"]],
    );
    assert.equal(r.stats.interactions, 3);
  });

  it("reports the physical line of every broken row after quotes that do not pair up", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "data_product.csv"), "product_id,product_name,brand\n1,Kem A,x\n2,Kem B,y\n");
    // every 100th line has a stray inch mark and one field too many; line 150 has an impossible rating
    const lines = ["user_id,product_id,rating,cmt_date,processed_comment"];
    for (let line = 2; line <= 1200; line++) {
      const day = `2023-01-${String(1 + (line % 28)).padStart(2, "0")} 10:00:00`;
      if (line % 100 === 1) lines.push(`u${line},1,5,${day},tube 5" long,extra`);
      else if (line === 150) lines.push(`u${line},2,9,${day},bad rating`);
      else lines.push(`u${line % 40},${1 + (Math.floor(line / 40) % 2)},5,${day},fine ${line}`);
    }
    writeFileSync(join(dir, "data_reviews_purchase.csv"), `${lines.join("\n")}\n`);
    const r = await prepareDataset({
      input: dir,
      out: join(tmp(), "p"),
      preset: loadPreset("shopee"),
      segmentation: { minItemPositives: 0 },
    });
    assert.deepEqual(
      r.rejectedRows.map((x) => x.line),
      Array.from({ length: 11 }, (_, k) => 101 + 100 * k),
    );
    assert.deepEqual(
      r.issues.filter((i) => i.reason === "rating_out_of_range").map((i) => i.line),
      [150],
    );
  });

  /** A shop export in `dir` that prepare must refuse: `check` judges the error, and the old output stays. */
  async function refusesKeepingOutput(products: string, reviews: string, check: (e: Error) => boolean) {
    const dir = tmp();
    writeFileSync(join(dir, "data_product.csv"), products);
    writeFileSync(join(dir, "data_reviews_purchase.csv"), reviews);
    const out = join(tmp(), "p");
    mkdirSync(out);
    writeFileSync(join(out, "keep.txt"), "old");
    await assert.rejects(prepareDataset({ input: dir, out, preset: loadPreset("shopee") }), check);
    assert.equal(readFileSync(join(out, "keep.txt"), "utf8"), "old");
    return dir;
  }

  it("a missing column names the file and the column, and leaves the old output untouched", async () => {
    await refusesKeepingOutput(
      "product_id,product_name\n1,A\n",
      "user_id,product_id,stars,cmt_date\nu,1,5,2023-01-01\n",
      (e) =>
        e instanceof PresetError && /data_reviews_purchase\.csv: missing column "rating"/.test(e.message),
    );
  });

  it("an empty file, or a needed column named twice in the header, is refused with the file and the column", async () => {
    const cases: [string, RegExp][] = [
      ["", /data_reviews_purchase\.csv: the file is empty; expected a header row with "user_id"/],
      [
        "user_id,product_id,rating,rating,cmt_date\nu,1,5,4,2023-01-01\n",
        /data_reviews_purchase\.csv: column "rating" \(needed for rating\) appears 2 times in the header \(columns 3, 4\)/,
      ],
    ];
    for (const [reviews, message] of cases)
      await refusesKeepingOutput(
        "product_id,product_name\n1,A\n",
        reviews,
        (e) => e instanceof PresetError && message.test(e.message),
      );
  });

  it("refuses to write a dataset with nothing to train on, naming the step that emptied it", async () => {
    // two trainable users, but no product reaches the item filter's 5 positives
    const dir = await refusesKeepingOutput(
      "product_id,product_name\n1,A\n2,B\n",
      "user_id,product_id,rating,cmt_date\nu,1,5,2023-01-01\nu,2,5,2023-01-02\nv,1,5,2023-01-01\nv,2,4,2023-01-03\n",
      (e) =>
        e instanceof DatasetError &&
        /nothing left to train on after "item filter \(>= 5 positives/.test(e.message) &&
        /--min-item-positives \(now 5\)/.test(e.message),
    );
    // the same rows pass once the filter fits the data
    const ok = await prepareDataset({
      input: dir,
      out: join(tmp(), "q"),
      preset: loadPreset("shopee"),
      segmentation: { minItemPositives: 0 },
    });
    assert.ok(ok.stats.interactions > 0);
  });

  it("the generic preset reads a YAML column mapping, and a bad mapping is a clear error", async () => {
    const dir = tmp();
    writeFileSync(join(dir, "products.csv"), "sku,title\nA,Serum A\nB,Toner B\n");
    writeFileSync(
      join(dir, "orders.csv"),
      "customer,sku,stars,day\nc1,A,5,01/02/2024\nc1,B,4,03/02/2024\nc2,A,5,04/02/2024\n",
    );
    const mapping = join(dir, "map.yaml");
    writeFileSync(
      mapping,
      "reviews:\n  files: [orders.csv]\n  columns: {user_id: customer, product_id: sku, rating: stars, date: day}\nproducts:\n  files: [products.csv]\n  columns: {product_id: sku, name: title}\nsegmentation: {minItemPositives: 0}\n",
    );
    const r = await prepareDataset({
      input: dir,
      out: join(tmp(), "g"),
      preset: loadPreset("generic", mapping),
    });
    assert.equal(r.stats.interactions, 3);
    assert.equal(r.stats.test_users, 1);
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      "reviews:\n  files: [orders.csv]\n  columns: {user_id: customer}\nproducts:\n  files: [products.csv]\n  columns: {product_id: sku, name: title}\n",
    );
    assert.throws(() => loadPreset("generic", bad), /reviews\.columns\.product_id is required/);
    assert.throws(() => loadPreset("generic"), /--mapping/);
    assert.throws(() => loadPreset("amazon"), /unknown preset/);
    const example = loadPreset(
      "generic",
      new URL("../../../configs/presets/generic.example.yaml", import.meta.url).pathname,
    );
    assert.equal(example.reviews.columns.rating, "stars");
  });

  const hasaki = join(shared, "hasaki");
  it("merges Hasaki's copies across variant SKUs and reports its bad rows", {
    skip: existsSync(hasaki) ? false : `real data not present at ${hasaki}`,
  }, async () => {
    const r = await prepareDataset({ input: hasaki, out: join(tmp(), "h"), preset: loadPreset("hasaki") });
    const valid = r.steps[1]!.rows;
    // The README says 63 % of rows are copies of another row's review.
    assert.ok(r.stats.merged_copies / valid > 0.6, `${r.stats.merged_copies} of ${valid}`);
    const bad = r.issues.find((i) => i.reason === "bad_timestamp")!;
    assert.match(bad.value, /-0001/);
    assert.equal(
      readFileSync(join(hasaki, "Danh_gia.csv"), "utf8").split("\n")[bad.line - 1]!.includes("-0001"),
      true,
    );
    assert.equal(r.stats.items, 1200, "the full catalogue is ranked");
  });
});
