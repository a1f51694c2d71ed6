import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { runCli } from "../run-cli.js";

const recs = (args: string[]) => runCli("src/cli/recs.ts", args);
const hasNumpy = spawnSync("python3", ["-c", "import numpy"]).status === 0;

describe("recs CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "recs-cli-"));
  const shop = join(dir, "shop");
  const data = join(dir, "prepared");
  const art = join(dir, "artifacts");

  it("demo-data -> prepare -> train -> evaluate -> registry, end to end", () => {
    let r = recs(["demo-data", "--out", shop, "--scale", "tiny", "--quiet"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /600 users, 60 products/);
    r = recs(["prepare", "--preset", "shopee", "--input", shop, "--out", data, "--quiet"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /item filter/);
    for (const model of ["pop", "ease"]) {
      r = recs(["train", "--model", model, "--data", data, "--artifacts", art, "--quiet"]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /registered (pop|ease)-/);
    }
    r = recs([
      "train",
      "--model",
      "als",
      "--data",
      data,
      "--artifacts",
      art,
      "--param",
      "factors=8",
      "--param",
      "iterations=3",
      "--quiet",
    ]);
    assert.equal(r.code, 0, r.err);
    const json = join(dir, "eval.json");
    const md = join(dir, "eval.md");
    const svg = join(dir, "eval.svg");
    r = recs([
      "evaluate",
      "--data",
      data,
      "--artifacts",
      art,
      "--json",
      json,
      "--report",
      md,
      "--chart",
      svg,
      "--quiet",
    ]);
    assert.equal(r.code, 0, r.err);
    const ev = JSON.parse(readFileSync(json, "utf8"));
    assert.deepEqual(
      ev.models.map((m: { type: string }) => m.type),
      ["pop", "ease", "als"],
    );
    assert.ok(
      ev.models.every(
        (m: { metrics: Record<string, number> }) => m.metrics["hr@10"] >= 0 && m.metrics["hr@10"] <= 1,
      ),
    );
    assert.match(readFileSync(md, "utf8"), /\| ease \|/);
    assert.match(readFileSync(svg, "utf8"), /^<svg/);
    r = recs(["registry", "list", "--artifacts", art]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /current_best: /);
    r = recs(["registry", "verify", "--artifacts", art]);
    assert.equal(r.code, 0, r.out);
    const reg = JSON.parse(readFileSync(join(art, "registry.json"), "utf8"));
    assert.equal(reg.models.length, 3);
    assert.deepEqual(
      readdirSync(art).filter((f) => f.startsWith(".")),
      [],
    );
  });

  it("ALS artifacts load in numpy with the right shapes", {
    skip: hasNumpy ? false : "python3 with numpy not available",
  }, () => {
    const reg = JSON.parse(readFileSync(join(art, "registry.json"), "utf8"));
    const als = reg.models.find((m: { type: string }) => m.type === "als");
    const d = join(art, als.id);
    const r = spawnSync(
      "python3",
      [
        "-c",
        `import numpy as np, json; U=np.load('${d}/U.npy'); V=np.load('${d}/V.npy'); ids=json.load(open('${d}/item_ids.json')); print(U.shape[1], V.shape[0]==len(ids), V.dtype)`,
      ],
      { encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "8 True float32");
  });

  it("verify exits 1 when an artifact is corrupted", () => {
    const reg = JSON.parse(readFileSync(join(art, "registry.json"), "utf8"));
    const ease = reg.models.find((m: { type: string }) => m.type === "ease");
    appendFileSync(join(art, ease.id, "B.npy"), "garbage");
    const r = recs(["registry", "verify", "--artifacts", art]);
    assert.equal(r.code, 1);
    assert.match(r.out, /FAILED .*B\.npy does not match/);
  });

  it("user errors are one clear line and exit 2, never a stack trace", () => {
    const utf16 = join(dir, "utf16-shop");
    mkdirSync(utf16);
    const header = "id,ma_khach_hang,noi_dung_binh_luan,ngay_binh_luan,gio_binh_luan,so_sao,ma_san_pham\n";
    writeFileSync(
      join(utf16, "Danh_gia.csv"),
      Buffer.from(`\ufeff${header}1,2,x,1/1/2020,10:00,5,3\n`, "utf16le"),
    );
    writeFileSync(
      join(utf16, "San_pham.csv"),
      Buffer.from("\ufeffma_san_pham,ten_san_pham\n3,x\n", "utf16le"),
    );
    const cases: [string[], RegExp][] = [
      [
        ["prepare", "--preset", "shopee", "--input", join(dir, "nope"), "--out", join(dir, "x")],
        /nope: no such folder/,
      ],
      [
        ["prepare", "--preset", "shopee", "--input", join(shop, "data_product.csv"), "--out", join(dir, "x")],
        /data_product\.csv: is a file; --input names the folder that holds it/,
      ],
      [
        ["prepare", "--preset", "hasaki", "--input", utf16, "--out", join(dir, "x")],
        /(Danh_gia|San_pham)\.csv: the file is UTF-16 .*not UTF-8 text/,
      ],
      [["prepare", "--preset", "generic", "--input", shop, "--out", join(dir, "x")], /--mapping/],
      [
        ["train", "--model", "als", "--data", data, "--artifacts", art, "--param", "factors=lots"],
        /--param factors/,
      ],
      [
        ["train", "--model", "ease", "--data", join(dir, "nope"), "--artifacts", art],
        /missing interactions\.parquet/,
      ],
      [["evaluate", "--data", data, "--artifacts", art, "--models", "ghost-1"], /no model ghost-1/],
      [["registry", "promote", "ghost-2", "--artifacts", art], /no model ghost-2/],
    ];
    for (const [args, msg] of cases) {
      const r = recs(args);
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.err}`);
      assert.match(r.err, msg);
      assert.doesNotMatch(r.err, /\n\s+at /, "no stack trace");
    }
    writeFileSync(join(dir, "broken.yaml"), "reviews: [unclosed");
    const r = recs([
      "prepare",
      "--preset",
      "generic",
      "--mapping",
      join(dir, "broken.yaml"),
      "--input",
      shop,
      "--out",
      join(dir, "x"),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.yaml/);
    assert.equal(existsSync(join(dir, "x")), false, "no partial output");
    const bad = recs(["train", "--model", "knn", "--data", data]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.err, /Allowed choices/);
  });
});
