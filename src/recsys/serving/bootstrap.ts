/** First start on a fresh clone: generate the demo shop, prepare it, train and register the default model. */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Progress } from "../../lib/progress.js";
import { generateDemoShop } from "../data/demo.js";
import { prepareDataset } from "../data/prepare.js";
import { loadPreset } from "../data/presets.js";
import { trainAndRegister } from "../pipeline.js";
import { loadRegistry } from "../registry/registry.js";
import type { ServingConfig } from "./config.js";

export async function ensureModel(
  cfg: ServingConfig,
  progress: (label: string, total: number) => Progress,
  log: (msg: string) => void,
): Promise<void> {
  const artifacts = resolve(cfg.registry.artifacts);
  if (loadRegistry(artifacts).current_best) return;
  const t0 = performance.now();
  const shop = resolve(cfg.registry.demo_data);
  const prepared = resolve(cfg.registry.demo_prepared);
  log(
    `no model in ${artifacts}: building the demo model (generate, prepare, train ${cfg.registry.bootstrap_model})`,
  );
  if (!existsSync(join(shop, "data_reviews_purchase.csv"))) {
    const bar = progress("demo-data", 1);
    const s = generateDemoShop(shop, "demo", 42);
    bar.update(1);
    bar.stop();
    log(`generated ${s.users} users, ${s.products} products, ${s.reviews} reviews in ${shop}`);
  }
  await prepareDataset({ input: shop, out: prepared, preset: loadPreset("shopee"), progress });
  const r = await trainAndRegister({
    type: cfg.registry.bootstrap_model,
    data: prepared,
    artifacts,
    overrides: {},
    seed: 7,
    evalSample: 0,
    promote: true,
    progress,
  });
  log(
    `registered ${r.entry.id} (test HR@10 ${r.test.groups.all.hr.toFixed(3)}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
}
