import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { decodeNpy, encodeNpy, NpyError, readNpy, writeNpy } from "../../src/lib/npy.js";

const hasNumpy = spawnSync("python3", ["-c", "import numpy"]).status === 0;

describe("npy", () => {
  it("round-trips float32, float64 and int32 matrices with a 64-byte aligned header", () => {
    for (const data of [
      Float32Array.of(1.5, -2, 3, 4, 5, 6),
      Float64Array.of(0.1, 0.2, 0.3, 0.4, 0.5, 0.6),
      Int32Array.of(1, 2, 3, 4, 5, -6),
    ]) {
      const buf = encodeNpy(data, [2, 3]);
      assert.equal((10 + buf.readUInt16LE(8)) % 64, 0);
      const back = decodeNpy(buf);
      assert.deepEqual(back.shape, [2, 3]);
      assert.deepEqual(Array.from(back.data), Array.from(data));
      assert.equal(back.data.constructor, data.constructor);
    }
  });

  it("rejects a shape that does not match the data", () => {
    assert.throws(() => encodeNpy(new Float32Array(5), [2, 3]), /shape 2x3/);
  });

  it("reports a truncated or foreign file clearly", () => {
    const buf = encodeNpy(new Float32Array(12), [3, 4]);
    assert.throws(
      () => decodeNpy(buf.subarray(0, buf.length - 4), "x.npy"),
      (e: Error) => e instanceof NpyError && /truncated/.test(e.message),
    );
    assert.throws(() => decodeNpy(Buffer.from("not numpy at all"), "y.npy"), /not a \.npy file/);
    assert.throws(() => readNpy("/nonexistent/z.npy"), /cannot read file/);
  });

  it("writes files that numpy loads with the same values", {
    skip: hasNumpy ? false : "python3 with numpy not available",
  }, () => {
    const dir = mkdtempSync(join(tmpdir(), "npy-"));
    const path = join(dir, "U.npy");
    writeNpy(path, Float32Array.of(1, 2, 3, 4.25, 5, 6), [3, 2]);
    const r = spawnSync(
      "python3",
      [
        "-c",
        `import numpy as np; a = np.load(${JSON.stringify(path)}); print(a.dtype, a.shape, float(a[1,1]), float(a.sum()))`,
      ],
      { encoding: "utf8" },
    );
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), "float32 (3, 2) 4.25 21.25");
    // And the reverse: numpy writes, we read.
    const p2 = join(dir, "ids.npy");
    const w = spawnSync("python3", [
      "-c",
      `import numpy as np; np.save(${JSON.stringify(p2)}, np.arange(6, dtype=np.int64).reshape(2,3))`,
    ]);
    assert.equal(w.status, 0);
    const m = readNpy(p2);
    assert.deepEqual(m.shape, [2, 3]);
    assert.deepEqual(Array.from(m.data), [0, 1, 2, 3, 4, 5]);
    writeFileSync(join(dir, "ok"), readFileSync(path));
  });
});
