import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import {
  checksums,
  loadRegistry,
  promote,
  type Registry,
  type RegistryEntry,
  RegistryError,
  registerModel,
  rollback,
  saveRegistry,
  verifyEntry,
  verifyEntryAsync,
} from "../../../src/recsys/registry/registry.js";

function entry(dir: string, id: string, ndcg: number, data = "h1"): RegistryEntry {
  mkdirSync(join(dir, id), { recursive: true });
  writeFileSync(join(dir, id, "V.npy"), `weights of ${id}`);
  return {
    id,
    type: "ease",
    params: {},
    metrics: { val: { "ndcg@10": ndcg, users: 50 }, test: { "hr@10": 0.1, users: 50 } },
    selection_metric: ndcg,
    data_hash: data,
    data_dir: "d",
    artifacts: checksums(join(dir, id), ["V.npy"]),
    created: new Date(0).toISOString(),
    fit_seconds: 1,
    status: "candidate",
  };
}

const empty = (): Registry => ({ schema: 1, current_best: null, best_history: [], models: [] });

describe("model registry", () => {
  it("promotes the first model and only strictly better models on the same data", () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    const reg = empty();
    assert.equal(registerModel(reg, entry(dir, "a", 0.1)).promoted, true);
    assert.equal(registerModel(reg, entry(dir, "b", 0.1)).promoted, false);
    assert.equal(registerModel(reg, entry(dir, "c", 0.2)).promoted, true);
    const other = registerModel(reg, entry(dir, "d", 0.9, "h2"));
    assert.equal(other.promoted, false);
    assert.match(other.reason, /different data/);
    assert.equal(reg.current_best, "c");
    assert.deepEqual(reg.best_history, ["a"]);
  });

  it("refuses to promote a worse model without --force, and a corrupted one at all", () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    const reg = empty();
    registerModel(reg, entry(dir, "good", 0.3));
    registerModel(reg, entry(dir, "worse", 0.1));
    assert.throws(
      () => promote(reg, dir, "worse", false),
      (e: Error) => e instanceof RegistryError && /--force/.test(e.message),
    );
    assert.equal(promote(reg, dir, "worse", true).promoted, true);
    registerModel(reg, entry(dir, "broken", 0.01));
    appendFileSync(join(dir, "broken", "V.npy"), "tampered");
    assert.throws(() => promote(reg, dir, "broken", true), /checksum/);
    assert.throws(() => promote(reg, dir, "nope", true), /no model nope/);
  });

  it("never promotes a model evaluated on 0 users, not even the first one, not even with --force", () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    const reg = empty();
    const unmeasured = entry(dir, "no-users", 0);
    unmeasured.metrics = { val: { "ndcg@10": 0, users: 0 }, test: { "hr@10": 0, users: 0 } };
    const d = registerModel(reg, unmeasured);
    assert.equal(d.promoted, false);
    assert.match(d.reason, /evaluated on 0 validation and 0 test users/);
    assert.equal(reg.current_best, null);
    assert.throws(() => promote(reg, dir, "no-users", true), /never promoted/);
    assert.equal(registerModel(reg, entry(dir, "measured", 0.01)).promoted, true);
  });

  it("verify finds missing and changed artifacts (the serving process's chunked check agrees)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    const e = entry(dir, "m", 0.1);
    const both = async () => {
      const problems = verifyEntry(dir, e);
      assert.deepEqual(await verifyEntryAsync(dir, e), problems);
      return problems;
    };
    assert.deepEqual(await both(), []);
    appendFileSync(join(dir, "m", "V.npy"), "x");
    assert.match((await both())[0]!, /checksum/);
    rmSync(join(dir, "m", "V.npy"));
    assert.match((await both())[0]!, /missing/);
    rmSync(join(dir, "m"), { recursive: true });
    assert.match((await both())[0]!, /folder .* is missing/);
  });

  it("verify checks the prepared data the model was trained on", () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    const data = mkdtempSync(join(tmpdir(), "reg-data-"));
    writeFileSync(join(data, "interactions.parquet"), "rows");
    const e = {
      ...entry(dir, "m", 0.1),
      data_dir: data,
      data_files: checksums(data, ["interactions.parquet"]),
    };
    assert.deepEqual(verifyEntry(dir, e), []);
    appendFileSync(join(data, "interactions.parquet"), "corrupted");
    assert.match(
      verifyEntry(dir, e).join("\n"),
      /interactions\.parquet does not match its recorded checksum/,
    );
    rmSync(join(data, "interactions.parquet"));
    assert.match(verifyEntry(dir, e).join("\n"), /interactions\.parquet is missing/);
  });

  it("rolls back to the previous best that still verifies", () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    const reg = empty();
    registerModel(reg, entry(dir, "v1", 0.1));
    registerModel(reg, entry(dir, "v2", 0.2));
    registerModel(reg, entry(dir, "v3", 0.3));
    appendFileSync(join(dir, "v2", "V.npy"), "x");
    assert.match(rollback(reg, dir).reason, /v1/);
    assert.equal(reg.current_best, "v1");
    assert.throws(() => rollback(reg, dir), /no previous best/);
  });

  it("saves atomically and reads back; a broken registry file is a clear error", () => {
    const dir = mkdtempSync(join(tmpdir(), "reg-"));
    assert.deepEqual(loadRegistry(dir).models, []);
    const reg = empty();
    registerModel(reg, entry(dir, "x", 0.5));
    saveRegistry(dir, reg);
    assert.equal(loadRegistry(dir).current_best, "x");
    writeFileSync(join(dir, "registry.json"), '{"schema": 1, "models": "nope"}');
    assert.throws(() => loadRegistry(dir), RegistryError);
    writeFileSync(join(dir, "registry.json"), "{ not json");
    assert.throws(() => loadRegistry(dir), /not valid JSON/);
  });
});
