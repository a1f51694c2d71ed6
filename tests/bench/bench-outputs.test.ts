import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { repoRoot, runCli } from "../run-cli.js";

const work = mkdtempSync(join(tmpdir(), "shelfwise-bench-out-"));
after(() => rmSync(work, { recursive: true, force: true }));

describe("the benches' arguments and output files", () => {
  it("a --chart or --json that names a folder is one line and exit 2, before any work", () => {
    for (const [script, flag] of [
      ["bench/pairing/speed.ts", "--chart"],
      ["bench/pairing/accuracy.ts", "--chart"],
      ["bench/pairing/accuracy.ts", "--json"],
      ["bench/pairing/photos.ts", "--chart"],
      ["bench/pairing/photos.ts", "--json"],
      ["bench/pairing/noisy.ts", "--json"],
    ]) {
      const r = runCli(script, [flag, work]);
      assert.equal(r.code, 2, `${script} ${flag}: ${r.err}`);
      assert.match(r.err, new RegExp(`^error: ${flag} .* is a folder; give a file name in it\\n$`));
      assert.equal(r.out, "", `${script} ${flag} began its work: ${r.out}`);
    }
  });
  /** Runs `code` in a child process with the bench helpers imported as `args`. */
  const withArgs = (code: string) =>
    spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "--input-type=module",
        "-e",
        `import * as args from ${JSON.stringify(join(repoRoot, "bench/args.ts"))}; ${code}`,
      ],
      { cwd: repoRoot, encoding: "utf8" },
    );
  it("a file that cannot be written is one line and exit 2; one that can is written whole", () => {
    const blocker = join(work, "a-file");
    writeFileSync(blocker, "not a folder");
    const write = (path: string) =>
      withArgs(`args.writeOutputOrExit(${JSON.stringify(path)}, "<svg/>", "chart");`);
    const bad = write(join(blocker, "chart.svg"));
    assert.equal(bad.status, 2, bad.stderr);
    assert.match(bad.stderr, /^error: cannot write .*a-file\/chart\.svg \(/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
    const good = write(join(work, "new-folder", "chart.svg"));
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout, `chart written to ${join(work, "new-folder", "chart.svg")}\n`);
    assert.equal(readFileSync(join(work, "new-folder", "chart.svg"), "utf8"), "<svg/>");
    // no temp file is left beside it
    assert.deepEqual(readdirSync(join(work, "new-folder")), ["chart.svg"]);
    assert.ok(!existsSync(join(blocker, "chart.svg")));
  });
  it("an --out folder that cannot be made is one line and exit 2; a new one is made", () => {
    const blocker = join(work, "another-file");
    writeFileSync(blocker, "not a folder");
    const make = (path: string) =>
      withArgs(`console.log(args.outputFolderOrExit("--out", ${JSON.stringify(path)}));`);
    for (const bad of [blocker, join(blocker, "inside")]) {
      const r = make(bad);
      assert.equal(r.status, 2, r.stderr);
      assert.match(r.stderr, /^error: --out .* cannot be made a folder \(/);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
    }
    const fresh = join(work, "outs", "run-1");
    const good = make(fresh);
    assert.equal(good.status, 0, good.stderr);
    assert.equal(good.stdout, `${fresh}\n`);
    assert.deepEqual(readdirSync(fresh), []);
  });

  it("the other benches' counts, seeds and output paths are one line and exit 2, before any work", () => {
    // a bench folder with a scorer and no batches: the noisy bench gets past its skip check to --out
    const bench = join(work, "fake-bench");
    mkdirSync(join(bench, "dev"), { recursive: true });
    writeFileSync(join(bench, "score.py"), "");
    const blocker = join(work, "out-is-a-file");
    writeFileSync(blocker, "not a folder");
    const cases: [string, string[], RegExp][] = [
      ["bench/recsys/als.ts", ["--runs", "0"], /^error: --runs must be a whole number >= 1, got "0"\n$/],
      ["bench/recsys/als.ts", ["--json", work], /^error: --json .* is a folder; give a file name in it\n$/],
      [
        "bench/pairing/jobs.ts",
        ["--rounds", "abc"],
        /^error: --rounds must be a whole number >= 1, got "abc"\n$/,
      ],
      [
        "bench/pairing/jobs.ts",
        ["--max-images", "1.5"],
        /^error: --max-images must be a whole number >= 1, got "1.5"\n$/,
      ],
      ["bench/pairing/noisy.ts", ["--seed", "x"], /^error: --seed must be a whole number >= 0, got "x"\n$/],
      ["bench/pairing/noisy.ts", ["--seed", "-1"], /^error: --seed must be a whole number >= 0, got "-1"\n$/],
      [
        "bench/pairing/photos.ts",
        ["--seed", "1e3"],
        /^error: --seed must be a whole number >= 0, got "1e3"\n$/,
      ],
      [
        "bench/recsys/accuracy.ts",
        ["--sample", "abc"],
        /^error: --sample must be a whole number >= 0, got "abc"\n$/,
      ],
      [
        "bench/pairing/noisy.ts",
        ["--dir", join(bench, "dev"), "--out", blocker],
        /^error: --out .*out-is-a-file cannot be made a folder \(EEXIST/,
      ],
    ];
    for (const [script, args, message] of cases) {
      const r = runCli(script, args);
      assert.equal(r.code, 2, `${script} ${args.join(" ")}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.out, "", `${script} ${args.join(" ")} began its work: ${r.out}`);
    }
  });
});
