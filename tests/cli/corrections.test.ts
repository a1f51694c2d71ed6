import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { jsonText } from "../../src/lib/fs.js";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import { photosOf, ReviewStore, stateFromPairing } from "../../src/review/index.js";
import { runCli } from "../run-cli.js";

const golden = JSON.parse(readFileSync(new URL("../golden/analysis.json", import.meta.url), "utf8"));
const SCORER = new URL("../../../shared/pairing-bench/score.py", import.meta.url).pathname;

describe("pairing corrections export", () => {
  const dir = mkdtempSync(join(tmpdir(), "corrections-"));
  const db = join(dir, "review.sqlite");
  const run = pairAnalysis(golden, loadPairingConfig({}));
  const store = new ReviewStore(db);
  const state = stateFromPairing(run.result, golden);
  store.create("bgolden1", "golden/batch 1", false);
  store.start("bgolden1", state, photosOf(state), golden);
  const paired = state.products.find((p) => p.back !== null)!;
  const info = store.info("bgolden1");
  store.edit("bgolden1", info.version, { op: "swap", product: paired.id });
  store.create("bempty1", "still uploading", true);
  store.close();

  it("writes each reviewed batch as <name>.analysis.json + <name>.truth.json with the seller's pairs", () => {
    const out = join(dir, "out");
    const r = runCli("src/cli/pairing.ts", ["corrections", "export", "--out", out, "--db", db]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /1 reviewed batch\(es\) written to/);
    assert.deepEqual(JSON.parse(readFileSync(join(out, "golden_batch_1.analysis.json"), "utf8")), golden);
    const truth = JSON.parse(readFileSync(join(out, "golden_batch_1.truth.json"), "utf8"));
    assert.ok(
      truth.pairs.some(([f, b]: string[]) => f === paired.back && b === paired.front),
      "the swap is kept",
    );
    assert.ok(!existsSync(join(out, "still_uploading.truth.json")));
  });

  it("scores with the bench's score.py: the engine's own result misses exactly the swapped pair", {
    skip: existsSync(SCORER)
      ? false
      : `${SCORER} is not here (the bench lives in ../shared): scoring skipped`,
  }, () => {
    const out = join(dir, "out");
    const outputs = join(dir, "outputs");
    runCli("src/cli/pairing.ts", ["corrections", "export", "--out", out, "--db", db]);
    spawnSync("mkdir", ["-p", outputs]);
    writeFileSync(join(outputs, "golden_batch_1.pairing.json"), jsonText(run.result));
    const s = spawnSync("python3", [SCORER, "--dir", out, "--outputs", outputs, "--compact"], {
      encoding: "utf8",
    });
    assert.equal(s.status, 0, s.stderr);
    const batch = JSON.parse(s.stdout).batches[0];
    assert.equal(batch.contract.ok, true);
    assert.equal(batch.pairs.truePairs - batch.pairs.correct, 1);
    assert.equal(batch.pairs.swappedPairs, 1);
  });

  it("exits 2 with one line when the store is not there", () => {
    const r = runCli("src/cli/pairing.ts", [
      "corrections",
      "export",
      "--out",
      join(dir, "x"),
      "--db",
      join(dir, "none.sqlite"),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.err, /none\.sqlite: no review store here/);
    assert.doesNotMatch(r.err, /\n\s+at /);
  });
});
