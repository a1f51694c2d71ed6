import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { parse as parseYaml } from "yaml";
import {
  ConfigError,
  loadPairingConfig,
  pairEnvSchema,
  settingsOf,
  tuningOf,
} from "../../src/pairing/index.js";
import { tuningFileWith } from "./fixtures.js";

const example = readFileSync(new URL("../../configs/prod.env.example", import.meta.url), "utf8");
const listed = new Map([...example.matchAll(/^(PAIR_[A-Z_]+)=(\S*)/gm)].map((m) => [m[1], m[2]] as const));
const shipped = parseYaml(
  readFileSync(new URL("../../configs/pairing-tuning.yaml", import.meta.url), "utf8"),
);
const dir = mkdtempSync(join(tmpdir(), "shelfwise-config-"));

describe("PAIR_* deployment settings", () => {
  it("lists exactly the variables the engine reads, and no more than 15", () => {
    assert.deepEqual([...listed.keys()].sort(), Object.keys(pairEnvSchema.shape).sort());
    assert.ok(listed.size <= 15, `${listed.size} PAIR_* variables`);
  });

  it("documents the defaults the engine uses", () => {
    assert.deepEqual(
      settingsOf(loadPairingConfig(Object.fromEntries(listed))),
      settingsOf(loadPairingConfig({})),
    );
  });

  it("reads every variable", () => {
    const base = settingsOf(loadPairingConfig({}));
    const special: Record<string, string> = {
      PAIR_DISABLE_TIEBREAK: "1",
      PAIR_TEMPERATURE: "1",
      PAIR_MODEL_TIMEOUT_MS: "700",
      PAIR_BATCH_MAX_WALL_MS: "700",
      PAIR_TUNING: tuningFileWith(dir, { autoScore: 7 }),
    };
    for (const key of Object.keys(pairEnvSchema.shape)) {
      const changed = loadPairingConfig({ [key]: special[key] ?? "7" });
      const differs =
        JSON.stringify(settingsOf(changed)) !== JSON.stringify(base) ||
        JSON.stringify(tuningOf(changed)) !== JSON.stringify(tuningOf(loadPairingConfig({})));
      assert.ok(differs, `${key} is not read`);
    }
  });

  it("rejects a bad value with an error naming the variable", () => {
    assert.throws(
      () => loadPairingConfig({ PAIR_WORKERS: "many" }),
      (e: Error) => e instanceof ConfigError && /PAIR_WORKERS="many"/.test(e.message),
    );
    assert.throws(() => loadPairingConfig({ PAIR_DISABLE_TIEBREAK: "maybe" }), /PAIR_DISABLE_TIEBREAK/);
    assert.throws(() => loadPairingConfig({ PAIR_BATCH_MAX_CHUNK: "2.5" }), /PAIR_BATCH_MAX_CHUNK/);
  });

  it("ignores empty values and unrelated variables", () => {
    assert.deepEqual(
      settingsOf(loadPairingConfig({ PAIR_WORKERS: "", HOME: "/root" })),
      settingsOf(loadPairingConfig({})),
    );
  });
});

describe("the tuning file", () => {
  it("is what the engine runs with by default, with its version and path quoted", () => {
    const t = tuningOf(loadPairingConfig({}));
    const { version, ...values } = shipped;
    assert.equal(t.version, version);
    assert.equal(t.file, "configs/pairing-tuning.yaml");
    const { version: _v, file: _f, ...used } = t;
    assert.deepEqual(used, values);
  });

  it("reads every value of a file PAIR_TUNING names", () => {
    const base = tuningOf(loadPairingConfig({}));
    const changes: Record<string, unknown> = {
      orderSignal: "off",
      extrasMax: 7,
      candidateK: 7,
      suggestMin: 0.75,
      modelFrontShare: 0.5,
    };
    for (const key of Object.keys(shipped).filter((k) => k !== "version" && k !== "weights")) {
      const file = tuningFileWith(mkdtempSync(join(dir, "k-")), { [key]: changes[key] ?? 7.5 });
      const t = tuningOf(loadPairingConfig({ PAIR_TUNING: file })) as unknown as Record<string, unknown>;
      assert.notDeepEqual(t[key], (base as unknown as Record<string, unknown>)[key], `${key} is not read`);
    }
    for (const w of Object.keys(shipped.weights)) {
      const file = tuningFileWith(mkdtempSync(join(dir, "w-")), { weights: { [w]: 0.125 } });
      assert.equal(
        (tuningOf(loadPairingConfig({ PAIR_TUNING: file })).weights as Record<string, number>)[w],
        0.125,
      );
    }
  });

  it("rejects a bad, missing or unknown value naming the file, field and value", () => {
    const write = (name: string, text: string) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    };
    const text = readFileSync(new URL("../../configs/pairing-tuning.yaml", import.meta.url), "utf8");
    const cases: [string, string, RegExp][] = [
      ["word.yaml", text.replace("autoScore: 3.0", "autoScore: high"), /word\.yaml: .*autoScore = "high"/],
      ["range.yaml", text.replace("brand: 2.0", "brand: 99"), /range\.yaml: .*weights\.brand = 99: /],
      ["missing.yaml", text.replace(/^ {2}look: .*\n/m, ""), /missing\.yaml: .*weights\.look = missing/],
      [
        "unknown.yaml",
        text.replace("weights:\n", "weights:\n  shine: 1\n"),
        /unknown\.yaml: .*weights: unknown "shine"/,
      ],
      ["noversion.yaml", text.replace(/^version: .*\n/m, ""), /noversion\.yaml: .*version = missing/],
      ["broken.yaml", "weights: [", /broken\.yaml: cannot read the tuning file/],
    ];
    for (const [name, body, re] of cases) {
      const path = write(name, body);
      assert.throws(
        () => loadPairingConfig({ PAIR_TUNING: path }),
        (e: Error) => e instanceof ConfigError && re.test(e.message),
        name,
      );
    }
    assert.throws(
      () => loadPairingConfig({ PAIR_TUNING: join(dir, "none.yaml") }),
      /none\.yaml: cannot read/,
    );
  });
});
