import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { JsonFileError, OutputFileError, readJsonFile, writeFilesAtomic } from "../../src/lib/fs.js";

const dir = mkdtempSync(join(tmpdir(), "shelfwise-fs-"));

describe("readJsonFile", () => {
  it("reads a file that starts with a UTF-8 byte-order mark", () => {
    const p = join(dir, "bom.json");
    writeFileSync(p, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"groups":[]}')]));
    assert.deepEqual(readJsonFile(p), { groups: [] });
  });

  it("names the file when the text is not JSON or the file is missing", () => {
    const p = join(dir, "broken.json");
    writeFileSync(p, "\ufeff{ not json");
    assert.throws(
      () => readJsonFile(p),
      (e) => e instanceof JsonFileError && /broken\.json: \$: not valid JSON/.test(e.message),
    );
    assert.throws(
      () => readJsonFile(join(dir, "absent.json")),
      (e) => e instanceof JsonFileError && /absent\.json: \$: cannot read file \(ENOENT\)/.test(e.message),
    );
  });
});

describe("writeFilesAtomic", () => {
  it("writes every file, or none when one cannot be written, leaving no temp file", () => {
    const out = mkdtempSync(join(dir, "unit-"));
    writeFileSync(join(out, "blocker"), "a file where a folder should be");
    writeFileSync(join(out, "a.json"), "old");
    assert.throws(
      () =>
        writeFilesAtomic([
          { path: join(out, "a.json"), data: "new" },
          { path: join(out, "blocker", "b.json"), data: "new" },
        ]),
      (e) =>
        e instanceof OutputFileError && /cannot write .*blocker\/b\.json \((EEXIST|ENOTDIR)/.test(e.message),
    );
    assert.equal(readFileSync(join(out, "a.json"), "utf8"), "old", "the first file was replaced alone");
    assert.deepEqual(readdirSync(out).sort(), ["a.json", "blocker"]);

    writeFilesAtomic([
      { path: join(out, "a.json"), data: "new" },
      { path: join(out, "sub", "b.json"), data: "b" },
    ]);
    assert.equal(readFileSync(join(out, "a.json"), "utf8"), "new");
    assert.ok(existsSync(join(out, "sub", "b.json")));
    assert.deepEqual(readdirSync(out).sort(), ["a.json", "blocker", "sub"]);
  });
});
