import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { analyzeFolder, renderReview } from "../../../src/pairing/photos/index.js";
import { chromiumMissing, launchChromium } from "../../fixtures/chromium.js";
import { PRODUCTS, writeSyntheticSet } from "./fixtures.js";

const skip = chromiumMissing("browser test");

describe("review.html in a real browser", { skip }, () => {
  let browser: Browser;
  let page = "";
  const dir = mkdtempSync(join(tmpdir(), "shelfwise-review-"));
  before(async () => {
    await writeSyntheticSet(join(dir, "set"), true);
    const { analysis } = await analyzeFolder(join(dir, "set"), { cacheDir: null });
    const run = pairAnalysis(analysis, loadPairingConfig({ PAIR_DISABLE_TIEBREAK: "1" }));
    page = join(dir, "review.html");
    writeFileSync(page, await renderReview(run.result, join(dir, "set"), run.metrics));
    browser = await launchChromium();
  });
  after(async () => browser?.close());

  it("shows one row per product with decoded thumbnails, the singletons with reasons, and opens the evidence", async () => {
    const tab = await browser.newPage();
    await tab.goto(`file://${page}`);
    const rows = tab.locator("#products tr.product");
    assert.equal(await rows.count(), PRODUCTS.length);
    // every embedded thumbnail decodes: a broken data URL has naturalWidth 0
    const widths = await tab.$$eval("img", (imgs) =>
      imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
    );
    assert.equal(widths.length, 6);
    assert.ok(
      widths.every((w) => w > 0),
      JSON.stringify(widths),
    );
    const reasons = await tab.locator("#singletons tr.singleton td.facts b").allTextContents();
    assert.deepEqual(reasons, ["unreadable_image", "unreadable_image", "unreadable_image"]);
    const evidence = rows.first().locator("details ul");
    assert.equal(await evidence.isVisible(), false);
    await rows.first().locator("summary").click();
    assert.equal(await evidence.isVisible(), true);
    assert.match((await evidence.textContent()) ?? "", /colour signature/);
    await tab.screenshot({ path: join(dir, "review.png"), fullPage: true });
    await tab.close();
  });
});
