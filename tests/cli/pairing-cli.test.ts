import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { stripVTControlCharacters } from "node:util";
import { analysisOf, shampooBack, shampooFront, tuningFileWith } from "../pairing/fixtures.js";
import { repoRoot, runCli } from "../run-cli.js";

const cli = (script: string, args: string[], env: Record<string, string> = {}) =>
  runCli(script, args, { PAIR_HISTORY_PATH: historyFile, ...env });
const historyFile = join(mkdtempSync(join(tmpdir(), "shelfwise-history-")), "history.jsonl");

describe("pairing CLI", () => {
  const dir = mkdtempSync(join(tmpdir(), "shelfwise-cli-"));
  const good = join(dir, "analysis.json");
  writeFileSync(good, JSON.stringify(analysisOf([shampooFront, shampooBack])));

  it("writes pairing.json and metrics and prints a METRICS line", () => {
    const out = join(dir, "out", "pairing.json");
    const metrics = join(dir, "out", "metrics.json");
    const r = cli("src/cli/pairing.ts", ["--in", good, "--out", out, "--metrics", metrics]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^METRICS images=2 .*autoPairs=1 /m);
    assert.equal(JSON.parse(readFileSync(out, "utf8")).pairs.length, 1);
    assert.equal(JSON.parse(readFileSync(metrics, "utf8")).totals.images, 2);
    assert.deepEqual(
      readdirSync(join(dir, "out")).filter((f) => f.endsWith(".tmp")),
      [],
    );
  });

  it("exits 2 with one line when an output cannot be written, and writes neither file", () => {
    const outDir = mkdtempSync(join(dir, "blocked-"));
    writeFileSync(join(outDir, "blocker"), "a file where a folder should be");
    const out = join(outDir, "pairing.json");
    const r = cli("src/cli/pairing.ts", [
      "--in",
      good,
      "--out",
      out,
      "--metrics",
      join(outDir, "blocker", "m.json"),
    ]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /^error: cannot write .*blocker\/m\.json \((EEXIST|ENOTDIR)/);
    assert.doesNotMatch(r.err, /\n\s+at /, "a stack trace was printed");
    assert.deepEqual(readdirSync(outDir), ["blocker"]);
  });

  it("reads the tuning file PAIR_TUNING names, and quotes it in the metrics", () => {
    const metrics = join(dir, "env-metrics.json");
    const tuning = tuningFileWith(dir, { autoScore: 2.8 });
    const r = cli(
      "src/cli/pairing.ts",
      ["--in", good, "--out", join(dir, "env.json"), "--metrics", metrics],
      {
        PAIR_TUNING: tuning,
        PAIR_MODEL: "local-model",
      },
    );
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(readFileSync(metrics, "utf8"));
    assert.equal(m.tuning.autoScore, 2.8);
    assert.equal(m.tuning.file, tuning);
    // tuningFileWith copies the shipped file, version and all
    assert.equal(
      m.tuning.version,
      Number(/^version: (\d+)/m.exec(readFileSync("configs/pairing-tuning.yaml", "utf8"))?.[1]),
    );
    assert.equal(m.settings.PAIR_MODEL, "local-model");
  });

  it("exits 2 naming the tuning file, field and value when one is wrong, and writes nothing", () => {
    const bad = join(dir, "bad-tuning.yaml");
    writeFileSync(bad, readFileSync(tuningFileWith(dir, {}), "utf8").replace("brand: 2", "brand: high"));
    const out = join(dir, "never.json");
    const r = cli("src/cli/pairing.ts", ["--in", good, "--out", out], { PAIR_TUNING: bad });
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /bad-tuning\.yaml: invalid tuning file: weights\.brand = "high": /);
    assert.doesNotMatch(r.err, /\n\s+at /, "a stack trace was printed");
    assert.equal(existsSync(out), false);
  });

  it("exits 2 naming the file and JSON path when the input is not JSON, and writes nothing", () => {
    const bad = join(dir, "broken.json");
    writeFileSync(bad, "{ not json");
    const out = join(dir, "never.json");
    const r = cli("src/cli/pairing.ts", ["--in", bad, "--out", out, "--metrics", join(dir, "never-m.json")]);
    assert.equal(r.code, 2);
    assert.match(r.err, /broken\.json: \$: not valid JSON/);
    assert.doesNotMatch(r.err, /at .*\.ts:\d+/, "no stack trace for a user error");
    assert.equal(existsSync(out), false);
  });

  it("exits 2 when both arrays are missing", () => {
    const bad = join(dir, "empty.json");
    writeFileSync(bad, JSON.stringify({ images: [] }));
    const r = cli("src/cli/pairing.ts", [
      "--in",
      bad,
      "--out",
      join(dir, "x.json"),
      "--metrics",
      join(dir, "y.json"),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.err, /empty\.json: \$: neither `groups` nor `imageInsights`/);
  });

  it("exits 2 naming $.groups when groups is there but not an array", () => {
    const bad = join(dir, "groups-not-array.json");
    writeFileSync(bad, JSON.stringify({ groups: 3 }));
    const r = cli("src/cli/pairing.ts", [
      "--in",
      bad,
      "--out",
      join(dir, "g.json"),
      "--metrics",
      join(dir, "gm.json"),
    ]);
    assert.equal(r.code, 2);
    assert.match(r.err, /groups-not-array\.json: \$\.groups: must be an array/);
    assert.equal(existsSync(join(dir, "g.json")), false);
  });

  it("exits 2 naming a bad PAIR_* variable", () => {
    const out = join(dir, "bad-var.json");
    const r = cli("src/cli/pairing.ts", ["--in", good, "--out", out], { PAIR_WORKERS: "lots" });
    assert.equal(r.code, 2);
    assert.match(r.err, /PAIR_WORKERS="lots"/);
    assert.equal(existsSync(out), false);
  });

  it("pairs a folder of analyses with one output per file", () => {
    const batch = join(dir, "batch");
    const outDir = join(dir, "batch-out");
    spawnSync("mkdir", ["-p", batch]);
    writeFileSync(join(batch, "a.analysis.json"), JSON.stringify(analysisOf([shampooFront, shampooBack])));
    writeFileSync(join(batch, "b.analysis.json"), JSON.stringify(analysisOf([shampooFront])));
    const r = cli("src/cli/pairing.ts", ["--in", batch, "--out", outDir]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /METRICS files=2 failed=0 images=3 pairs=1/);
    assert.deepEqual(readdirSync(outDir).sort(), [
      "a.metrics.json",
      "a.pairing.json",
      "b.metrics.json",
      "b.pairing.json",
    ]);
  });

  it("keeps pairing a folder when one file is broken, names it, and exits 2", () => {
    const batch = join(dir, "mixed");
    const outDir = join(dir, "mixed-out");
    spawnSync("mkdir", ["-p", batch]);
    writeFileSync(join(batch, "good.analysis.json"), JSON.stringify(analysisOf([shampooFront, shampooBack])));
    writeFileSync(join(batch, "bad.analysis.json"), "[1, 2");
    const r = cli("src/cli/pairing.ts", ["--in", batch, "--out", outDir]);
    assert.equal(r.code, 2);
    assert.match(r.out, /METRICS files=2 failed=1 images=2 pairs=1/);
    assert.match(r.err, /bad\.analysis\.json: \$: not valid JSON/);
    assert.deepEqual(readdirSync(outDir).sort(), ["good.metrics.json", "good.pairing.json"]);
  });

  it("verify:golden passes on the committed golden files", () => {
    const r = cli("src/cli/verify-golden.ts", []);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /golden: OK/);
  });

  it("verify:golden prints each difference and exits 1", () => {
    const golden = join(dir, "golden");
    spawnSync("cp", ["-r", join(repoRoot, "tests/golden"), golden]);
    const expected = JSON.parse(readFileSync(join(golden, "pairing-expected.json"), "utf8"));
    expected.singletons[0].reason = "orphan_back";
    writeFileSync(join(golden, "pairing-expected.json"), JSON.stringify(expected));
    const r = cli("src/cli/verify-golden.ts", ["--dir", golden]);
    assert.equal(r.code, 1);
    assert.match(r.out, /DIFF singleton .*: reason .*, expected orphan_back/);
    assert.match(r.out, /golden: 1 difference\(s\)/);
  });

  it("metrics:print shows SLOs and compares two files", () => {
    const a = join(dir, "ma.json");
    cli("src/cli/pairing.ts", ["--in", good, "--out", join(dir, "pa.json"), "--metrics", a]);
    const one = cli("src/cli/metrics-print.ts", [a]);
    assert.equal(one.code, 0, one.err);
    assert.match(one.out, /pair rate/);
    assert.match(one.out, /contract violations/);
    for (const phase of ["validate", "features", "candidates", "match", "secondLook", "extras", "output"])
      assert.match(
        stripVTControlCharacters(one.out),
        new RegExp(`│ ${phase} +│ [0-9.]+ +│ [0-9.]+ +│ [0-9.]+ % +│`),
      );
    assert.match(stripVTControlCharacters(one.out), /│ whole run +│/);
    const two = cli("src/cli/metrics-print.ts", [a, a]);
    assert.equal(two.code, 0, two.err);
    assert.match(two.out, /change/);
    assert.match(
      stripVTControlCharacters(two.out),
      /│ +features, ms \/ 100 images +│ [0-9.]+ +│ [0-9.]+ +│ \+0\.000 +│/,
    );
    const badLimit = cli("src/cli/metrics-print.ts", [a, "--limit", "abc"]);
    assert.equal(badLimit.code, 2);
    assert.match(badLimit.err, /--limit must be a whole number >= 1, got "abc"/);
    const missing = cli("src/cli/metrics-print.ts", [join(dir, "nope.json")]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /nope\.json: \$: cannot read file/);
  });
});
