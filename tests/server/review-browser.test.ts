import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import type { Browser, Page } from "playwright-core";
import { chromiumMissing, launchChromium } from "../fixtures/chromium.js";
import { PRODUCTS, writeSyntheticSet } from "../pairing/photos/fixtures.js";
import { testApp } from "./fixture.js";

const skip = chromiumMissing("review app browser test");
/** Screenshots a person can look at after the run (out/ is not committed). */
const ARTIFACTS = resolve(process.env.TEST_ARTIFACTS ?? "out/test-artifacts");

describe("the review app in a real browser", { skip }, () => {
  let browser: Browser;
  let app: FastifyInstance;
  let base = "";
  const dir = mkdtempSync(join(tmpdir(), "review-browser-"));
  const photos = join(dir, "photos");
  before(async () => {
    // the synthetic photo set, plus a second shot of the first back: two identical backs leave the engine unsure,
    // so it drops that product's front and both backs as singletons for the seller to settle
    await writeSyntheticSet(photos);
    copyFileSync(join(photos, PRODUCTS[0].backFile), join(photos, "detail.jpg"));
    ({ app } = await testApp({ review: { db: join(dir, "review.sqlite"), uploads: join(dir, "uploads") } }));
    base = await app.listen({ host: "127.0.0.1", port: 0 });
    browser = await launchChromium();
    mkdirSync(ARTIFACTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await app?.close();
  });

  const rowOf = (page: Page, url: string) =>
    page.locator("#products tr.product", { has: page.locator(`[data-url="${url}"]`) });
  const cellUrls = (row: ReturnType<typeof rowOf>, cell: string) =>
    row.locator(`td.${cell} .photo`).evaluateAll((els) => els.map((e) => e.getAttribute("data-url")));

  it("uploads a folder of photos, pairs them, takes a swap and a drag, keeps them across a reload, and exports them", async () => {
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
    await page.goto(`${base}/review`);
    await page.fill("#photos-name", "synthetic set");
    await page.setInputFiles(
      "#photos-input",
      readdirSync(photos).map((f) => join(photos, f)),
    );
    await page.click("#photos-form button[type=submit]");
    await page.waitForURL(/\?batch=b[a-z0-9]+/);
    const id = new URL(page.url()).searchParams.get("batch")!;
    await page.locator("#products tr.product").first().waitFor({ timeout: 60_000 });
    const [p0, p1, p2] = PRODUCTS;
    assert.equal(await page.locator("#products tr.product").count(), PRODUCTS.length - 1);
    const loose = await page
      .locator("#singletons .photo")
      .evaluateAll((els) => els.map((e) => e.getAttribute("data-url")));
    assert.deepEqual(loose.sort(), ["detail.jpg", p0.backFile, p0.frontFile].sort());
    await page.screenshot({ path: join(ARTIFACTS, "review-1-paired.png"), fullPage: true });

    // the dropped product, mended in two actions: its front selected and made a product ("n"), its back dragged on
    await page.locator(`#singletons .photo[data-url="${p0.frontFile}"]`).click();
    await page.keyboard.press("n");
    await rowOf(page, p0.frontFile).waitFor();
    await page.locator(`#singletons .photo[data-url="${p0.backFile}"]`).dragTo(rowOf(page, p0.frontFile));
    await rowOf(page, p0.frontFile).locator(`td.back [data-url="${p0.backFile}"]`).waitFor();
    // the second shot of its back joins it as an extra
    await page.locator('#singletons .photo[data-url="detail.jpg"]').dragTo(rowOf(page, p0.frontFile));
    await rowOf(page, p0.frontFile).locator('td.extras [data-url="detail.jpg"]').waitFor();

    // swap the second product's front and back
    await rowOf(page, p1.frontFile).locator("button.swap").click();
    await page.locator(`#products td.front .photo[data-url="${p1.backFile}"]`).waitFor();

    // drag the extra onto the third product
    await page.locator('td.extras [data-url="detail.jpg"]').dragTo(rowOf(page, p2.frontFile));
    await rowOf(page, p2.frontFile).locator('td.extras [data-url="detail.jpg"]').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, "review-2-fixed.png"), fullPage: true });

    // a reload shows what the store kept
    await page.reload();
    await page.locator("#products tr.product").first().waitFor();
    assert.equal(await page.locator("#products tr.product").count(), PRODUCTS.length);
    assert.equal(await page.locator("#singletons .photo").count(), 0);
    assert.deepEqual(await cellUrls(rowOf(page, p1.backFile), "front"), [p1.backFile]);
    assert.deepEqual(await cellUrls(rowOf(page, p1.backFile), "back"), [p1.frontFile]);
    assert.deepEqual(await cellUrls(rowOf(page, p2.frontFile), "extras"), ["detail.jpg"]);
    assert.deepEqual(await cellUrls(rowOf(page, p0.frontFile), "back"), [p0.backFile]);
    // thumbnails decode: the photos came back from the service
    const widths = await page.$$eval("#products img", (imgs) =>
      imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth),
    );
    assert.ok(widths.length === 7 && widths.every((w) => w > 0), JSON.stringify(widths));

    // the CSV the page downloads lists the corrected products, photos front, back, extras
    const download = page.waitForEvent("download");
    await page.click("#export-csv");
    const file = join(dir, "export.csv");
    await (await download).saveAs(file);
    const lines = readFileSync(file, "utf8").trimEnd().split("\r\n");
    assert.equal(lines.length, PRODUCTS.length + 1);
    const photosOf = (front: string) => lines.find((l) => l.includes(`,${front}|`))?.split(",")[7];
    assert.equal(photosOf(p1.backFile), `${p1.backFile}|${p1.frontFile}`);
    assert.equal(photosOf(p2.frontFile), `${p2.frontFile}|${p2.backFile}|detail.jpg`);
    assert.equal(photosOf(p0.frontFile), `${p0.frontFile}|${p0.backFile}`);
    assert.ok(
      lines.some((l) => l.includes(p1.brand)),
      "titles name the brand",
    );
    await page.screenshot({ path: join(ARTIFACTS, "review-3-reloaded.png"), fullPage: true });
    assert.match(id, /^b/);
  });
});
