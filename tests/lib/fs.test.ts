import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { JsonFileError, readJsonFile } from "../../src/lib/fs.js";

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
