import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { median, signTestP, summariseRounds } from "../../bench/pairing/ab-summary.js";
import { repoRoot, runCli } from "../run-cli.js";

describe("bench:pairing-ab's verdict", () => {
  it("the sign test gives the exact binomial tail, both sides", () => {
    assert.equal(signTestP(6, 0), 2 / 64);
    assert.equal(signTestP(0, 5), 2 / 32);
    // 6 of 7: (C(7,0) + C(7,1)) / 128, doubled
    assert.equal(signTestP(6, 1), (2 * 8) / 128);
    assert.equal(signTestP(3, 3), 1);
    assert.equal(signTestP(0, 0), 1);
  });
  it("calls a change only when the rounds agree well enough", () => {
    const base = [10, 11, 12, 10, 13, 11, 12];
    const faster = summariseRounds(
      base,
      base.map((b) => b * 0.8),
    );
    assert.equal(faster.verdict, "faster");
    assert.equal(faster.headFaster, 7);
    assert.ok(Math.abs(faster.change + 0.2) < 1e-12);
    const slower = summariseRounds(
      base,
      base.map((b) => b * 1.1),
    );
    assert.equal(slower.verdict, "slower");
    // one round the other way out of seven is not enough (p = 0.125)
    const mixed = summariseRounds(base, [8, 9, 10, 8, 14, 9, 10]);
    assert.equal(mixed.headFaster, 6);
    assert.equal(mixed.verdict, null);
    // five rounds can never show a change, however large
    assert.equal(summariseRounds([10, 10, 10, 10, 10], [5, 5, 5, 5, 5]).verdict, null);
  });
  it("takes the median of each side and of the per-round ratios", () => {
    const s = summariseRounds([10, 20, 30], [5, 30, 30]);
    assert.equal(s.baseMedian, 20);
    assert.equal(s.headMedian, 30);
    assert.deepEqual(s.ratios, [0.5, 1.5, 1]);
    assert.equal(s.change, 0);
    assert.equal(median([4, 1, 3, 2]), 2.5);
  });
  it("refuses rounds that do not pair up", () => {
    assert.throws(() => summariseRounds([1, 2], [1]), /same number of rounds/);
    assert.throws(() => summariseRounds([], []), /same number of rounds/);
  });
});

describe("bench:pairing-ab's arguments", () => {
  it("a --base without an engine, a bad size or bad rounds is one clear error and exit 2, before any timing", () => {
    const noEngine = runCli("bench/pairing/ab.ts", ["--base", "/nonexistent-checkout"]);
    assert.equal(noEngine.code, 2);
    assert.match(noEngine.err, /--base \/nonexistent-checkout has no src\/pairing\/index\.ts/);
    assert.doesNotMatch(noEngine.err, /\n\s+at /);
    const badSize = runCli("bench/pairing/ab.ts", ["--base", repoRoot, "--sizes", "1000,300"]);
    assert.equal(badSize.code, 2);
    assert.match(badSize.err, /--sizes takes 100, 1000, 5000; got "300"/);
    const badRounds = runCli("bench/pairing/ab.ts", ["--base", repoRoot, "--rounds", "two"]);
    assert.equal(badRounds.code, 2);
    assert.match(badRounds.err, /--rounds must be a whole number >= 1, got "two"/);
  });
});
