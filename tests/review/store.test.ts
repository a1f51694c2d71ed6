import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadPairingConfig, pairAnalysis } from "../../src/pairing/index.js";
import {
  photosOf,
  ReviewEditError,
  ReviewStore,
  stateFromPairing,
  UnknownBatch,
  VersionConflict,
} from "../../src/review/index.js";

const golden = JSON.parse(readFileSync(new URL("../golden/analysis.json", import.meta.url), "utf8"));

describe("review store", () => {
  const db = join(mkdtempSync(join(tmpdir(), "review-store-")), "review.sqlite");

  it("keeps revisions for undo and redo, refuses stale versions, and names what is missing", () => {
    const store = new ReviewStore(db);
    const state = stateFromPairing(pairAnalysis(golden, loadPairingConfig({})).result, golden);
    store.create("bone1", "one", false);
    store.start("bone1", state, photosOf(state), golden);
    const v0 = store.info("bone1").version;
    assert.throws(
      () => store.undo("bone1", v0),
      (e) => e instanceof ReviewEditError && /nothing to undo/.test(e.message),
    );
    const paired = state.products.find((p) => p.back !== null)!;
    const after = store.edit("bone1", v0, { op: "swap", product: paired.id });
    assert.throws(() => store.edit("bone1", v0, { op: "swap", product: paired.id }), VersionConflict);
    assert.throws(() => store.redo("bone1", after.version), /nothing to redo/);
    const undone = store.undo("bone1", after.version);
    assert.deepEqual(store.state("bone1"), state);
    assert.equal(undone.canRedo, true);
    // a new edit after an undo drops the redo history, as in any editor
    const other = store.edit("bone1", undone.version, { op: "split", product: paired.id });
    assert.equal(other.canRedo, false);
    assert.throws(() => store.info("bnope1"), UnknownBatch);
    store.close();
  });

  it("marks a batch that was being read when the service stopped as failed, to start again", () => {
    const store = new ReviewStore(db);
    store.create("btwo1", "two", true);
    store.setProgress("btwo1", "analyzing", 3, 10);
    store.close();
    const reopened = new ReviewStore(db);
    const info = reopened.info("btwo1");
    assert.equal(info.status, "failed");
    assert.match(info.error ?? "", /stopped while reading the photos: start it again/);
    assert.equal(reopened.info("bone1").status, "ready", "a ready batch stays ready");
    reopened.close();
  });
});
