import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NO_PROGRESS } from "../../src/lib/progress.js";
import { generateDemoShop } from "../../src/recsys/data/demo.js";
import { prepareDataset } from "../../src/recsys/data/prepare.js";
import { loadPreset } from "../../src/recsys/data/presets.js";
import { trainAndRegister } from "../../src/recsys/pipeline.js";
import { type ServingConfig, ServingConfigSchema } from "../../src/recsys/serving/config.js";
import { RecommendService } from "../../src/recsys/serving/service.js";
import { loadServingState } from "../../src/recsys/serving/state.js";
import { buildApp } from "../../src/server/app.js";

export interface Fixture {
  dir: string;
  data: string;
  artifacts: string;
}

// /pairing appends to the SLO history: keep the tests' runs out of the repo's default history file.
process.env.PAIR_HISTORY_PATH ??= join(mkdtempSync(join(tmpdir(), "serve-history-")), "history.jsonl");

let cached: Promise<Fixture> | undefined;

/** A tiny generated shop, prepared, with a registered hybrid model. Built once per test process. */
export function servingFixture(): Promise<Fixture> {
  cached ??= (async () => {
    const dir = mkdtempSync(join(tmpdir(), "serve-"));
    const shop = join(dir, "shop");
    const data = join(dir, "prepared");
    const artifacts = join(dir, "artifacts");
    generateDemoShop(shop, "tiny", 11);
    await prepareDataset({ input: shop, out: data, preset: loadPreset("shopee") });
    await trainAndRegister({
      type: "hybrid",
      data,
      artifacts,
      overrides: {},
      seed: 7,
      evalSample: 0,
      promote: true,
      progress: () => NO_PROGRESS,
    });
    return { dir, data, artifacts };
  })();
  return cached;
}

let reviewDir: string | undefined;
const testDir = () => {
  reviewDir ??= mkdtempSync(join(tmpdir(), "serve-review-"));
  return reviewDir;
};

export function testConfig(
  artifacts: string,
  overrides: Record<string, Record<string, unknown>> = {},
): ServingConfig {
  return ServingConfigSchema.parse({
    server: { log_level: "silent", ...overrides.server },
    registry: { artifacts, ...overrides.registry },
    reload: { poll_seconds: 0 },
    cache: { ...overrides.cache },
    recommend: { ...overrides.recommend },
    limits: { ...overrides.limits },
    pairing: { ...overrides.pairing },
    // the review store of a test is its own: never the repo's data/review.sqlite
    review: { db: join(testDir(), "review.sqlite"), uploads: join(testDir(), "review"), ...overrides.review },
  });
}

/** The service on the fixture's model, built in-process (no port until the test listens), with config overrides. */
export async function testApp(overrides: Record<string, Record<string, unknown>> = {}) {
  const fx = await servingFixture();
  const config = testConfig(fx.artifacts, overrides);
  const state = await loadServingState(fx.artifacts);
  const service = new RecommendService(config, state);
  const app = await buildApp({
    config,
    service,
    loadState: () => loadServingState(fx.artifacts),
    logger: false,
  });
  return { app, service, state, fx };
}
