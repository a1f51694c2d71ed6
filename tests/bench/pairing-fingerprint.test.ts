import assert from "node:assert/strict";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { tuningFileWith } from "../pairing/fixtures.js";
import { repoRoot, runCli } from "../run-cli.js";

const script = "bench/pairing/fingerprint.ts";
const golden = join(repoRoot, "tests/golden/analysis.json");
const tmp = mkdtempSync(join(tmpdir(), "shelfwise-fingerprint-"));
after(() => rmSync(tmp, { recursive: true, force: true }));

describe("pairing:fingerprint", () => {
  it("saves each set's hashes, finds them again, and names the batches a config change alters", () => {
    const folder = join(tmp, "set");
    const saved = join(tmp, "prints.json");
    // a folder of two batches, and a single file
    mkdirSync(folder, { recursive: true });
    for (const name of ["a", "b"]) copyFileSync(golden, join(folder, `${name}.analysis.json`));
    const save = runCli(script, [folder, golden, "--save", saved]);
    assert.equal(save.code, 0, save.err);
    const file = JSON.parse(readFileSync(saved, "utf8"));
    assert.deepEqual(Object.keys(file.sets[folder].batches), ["a.analysis.json", "b.analysis.json"]);
    // the same input paired twice gives the same hash
    assert.equal(file.sets[folder].batches["a.analysis.json"], file.sets[folder].batches["b.analysis.json"]);
    assert.match(file.sets[golden].fingerprint, /^[0-9a-f]{16}$/);

    const same = runCli(script, [folder, golden, "--check", saved]);
    assert.equal(same.code, 0, same.err);
    assert.match(same.out, /identical outputs on every set/);

    const changed = runCli(script, [golden, "--check", saved], {
      PAIR_TUNING: tuningFileWith(tmp, { weights: { product: 2.9 } }),
    });
    assert.equal(changed.code, 1);
    assert.match(changed.out, /DIFFERENT: 1 batch\(es\): analysis\.json/);
    assert.match(changed.out, /1 set\(s\) differ/);

    const unknown = runCli(script, [join(folder, "a.analysis.json"), "--check", saved]);
    assert.equal(unknown.code, 1);
    assert.match(unknown.out, /not in the file/);
  });

  it("bad input is one clear error and exit 2, and --save writes nothing", () => {
    const saved = join(tmp, "never.json");
    const missing = runCli(script, [join(tmp, "nope"), "--save", saved]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope: no such file or folder/);
    const empty = join(tmp, "empty");
    mkdirSync(empty, { recursive: true });
    const noBatches = runCli(script, [empty, "--save", saved]);
    assert.equal(noBatches.code, 2);
    assert.match(noBatches.err, /holds no \*\.analysis\.json batch/);
    const notJson = join(tmp, "broken.analysis.json");
    writeFileSync(notJson, "{ not json");
    const broken = runCli(script, [notJson, "--save", saved]);
    assert.equal(broken.code, 2);
    assert.match(broken.err, /broken\.analysis\.json/);
    const notPrints = join(tmp, "not-prints.json");
    writeFileSync(notPrints, JSON.stringify({ hello: 1 }));
    const badCheck = runCli(script, [golden, "--check", notPrints]);
    assert.equal(badCheck.code, 2);
    assert.match(badCheck.err, /not a fingerprint file/);
    // a folder as --save is refused before any set is paired
    const folderSave = runCli(script, [golden, "--save", tmp]);
    assert.equal(folderSave.code, 2);
    assert.match(folderSave.err, /^error: --save .* is a folder; give a file name in it\n$/);
    assert.equal(folderSave.out, "");
    for (const r of [missing, noBatches, broken, badCheck, folderSave])
      assert.doesNotMatch(r.err, /\n\s+at /);
    assert.equal(existsSync(saved), false);
  });
});
