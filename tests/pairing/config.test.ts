import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { ConfigError, loadPairingConfig, pairEnvSchema, thresholdsOf } from "../../src/pairing/index.js";

const example = readFileSync(new URL("../../configs/prod.env.example", import.meta.url), "utf8");
const listed = new Map([...example.matchAll(/^(PAIR_[A-Z_]+)=(\S*)/gm)].map((m) => [m[1], m[2]] as const));

describe("PAIR_* configuration", () => {
  it("lists exactly the variables the engine reads", () => {
    assert.deepEqual([...listed.keys()].sort(), Object.keys(pairEnvSchema.shape).sort());
  });

  it("documents the defaults the engine uses", () => {
    const defaults = thresholdsOf(loadPairingConfig({}));
    const fromExample = thresholdsOf(loadPairingConfig(Object.fromEntries(listed)));
    assert.deepEqual(fromExample, defaults);
  });

  it("reads every variable", () => {
    for (const key of Object.keys(pairEnvSchema.shape)) {
      const base = thresholdsOf(loadPairingConfig({}));
      const special: Record<string, string> = {
        PAIR_ORDER_SIGNAL: "off",
        PAIR_DISABLE_TIEBREAK: "1",
        PAIR_TEMPERATURE: "1",
        PAIR_MODEL_TIMEOUT_MS: "700",
        PAIR_BATCH_MAX_WALL_MS: "700",
      };
      const value = special[key] ?? "7";
      const changed = thresholdsOf(loadPairingConfig({ [key]: value }));
      assert.notDeepEqual(changed, base, `${key} is not read`);
    }
  });

  it("rejects a bad value with an error naming the variable", () => {
    assert.throws(
      () => loadPairingConfig({ PAIR_AUTO_SCORE: "high" }),
      (e: Error) => e instanceof ConfigError && /PAIR_AUTO_SCORE="high"/.test(e.message),
    );
    assert.throws(() => loadPairingConfig({ PAIR_EXTRAS_MAX: "-1" }), /PAIR_EXTRAS_MAX/);
    assert.throws(() => loadPairingConfig({ PAIR_CANDIDATE_K: "2.5" }), /PAIR_CANDIDATE_K/);
    assert.throws(() => loadPairingConfig({ PAIR_DISABLE_TIEBREAK: "maybe" }), /PAIR_DISABLE_TIEBREAK/);
    assert.throws(() => loadPairingConfig({ PAIR_ORDER_SIGNAL: "sometimes" }), /PAIR_ORDER_SIGNAL/);
  });

  it("ignores empty values and unrelated variables", () => {
    assert.deepEqual(
      thresholdsOf(loadPairingConfig({ PAIR_AUTO_SCORE: "", HOME: "/root" })),
      thresholdsOf(loadPairingConfig({})),
    );
  });
});
