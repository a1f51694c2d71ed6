import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import exifr from "exifr";
import sharp from "sharp";
import { makeBlindCopy, stripJpegExif } from "../../../bench/pairing/blind.js";
import { loadPairingConfig, pairAnalysis } from "../../../src/pairing/index.js";
import { analyzeFolder, listPhotos, openAiVisionReader } from "../../../src/pairing/photos/index.js";
import { startOpenAiTestServer, type TestServer } from "../../fixtures/openai-test-server.js";
import { runCli } from "../../run-cli.js";
import { PRODUCTS, writeSyntheticSet } from "./fixtures.js";

const config = loadPairingConfig({ PAIR_DISABLE_TIEBREAK: "1" });
const truePairs = PRODUCTS.map((p) => `${p.frontFile}>${p.backFile}`).sort();
let dir = "";
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "shelfwise-photos-"));
  await writeSyntheticSet(join(dir, "set"), true);
  writeFileSync(join(dir, "set", "readme.txt"), "not a photo");
});

describe("offline photo analysis", () => {
  it("writes the vision step's format, pairs the packs by colour and text, and keeps unreadable files", async () => {
    const { analysis, stats } = await analyzeFolder(join(dir, "set"), { cacheDir: null, ocrWorkers: 2 });
    assert.equal(stats.photos, 9);
    assert.deepEqual(stats.skipped, ["readme.txt"]);
    assert.equal(stats.unreadable, 3);
    assert.equal(analysis.groups.length, 9);
    assert.equal(analysis.imageInsights.length, 9);
    const front = analysis.imageInsights.find((x) => x.url === PRODUCTS[0].frontFile) as Record<
      string,
      unknown
    >;
    assert.equal(front.role, "front");
    assert.match(String(front.textExtracted), /GLOWMAX/);
    assert.ok(Array.isArray((front.colorSignature as { hist: number[] }).hist));
    assert.match(String(front.phash), /^[0-9a-f]{16}$/);

    const run = pairAnalysis(analysis, config, "synthetic");
    assert.deepEqual(run.result.pairs.map((p) => `${p.frontUrl}>${p.backUrl}`).sort(), truePairs);
    const unreadable = run.result.singletons.filter((s) => s.reason === "unreadable_image").map((s) => s.url);
    assert.deepEqual(unreadable.sort(), ["corrupt.jpg", "empty.jpg", "notes.png"]);
    assert.deepEqual(run.result.errors.map((e) => e.url).sort(), ["corrupt.jpg", "empty.jpg", "notes.png"]);
    assert.match(run.result.errors.find((e) => e.url === "empty.jpg")?.message ?? "", /0 bytes/);
    assert.equal(run.metrics.totals.contractViolations, 0);
    assert.equal(run.metrics.singletonReasons.unreadable_image, 3);
  });

  it("caches per content hash: a second run reads no pixels and gives the same analysis", async () => {
    const cacheDir = join(dir, "cache");
    const first = await analyzeFolder(join(dir, "set"), { cacheDir });
    assert.equal(first.stats.cached, 0);
    const second = await analyzeFolder(join(dir, "set"), { cacheDir });
    assert.equal(second.stats.cached, 6);
    const strip = (a: typeof first.analysis) => ({ ...a, analyzer: null });
    assert.deepEqual(strip(second.analysis), strip(first.analysis));
  });

  it("refuses a missing folder or one without photos, by name", () => {
    assert.throws(() => listPhotos(join(dir, "nope")), /nope: no such folder/);
    assert.throws(() => listPhotos(join(dir, "cache")), /no photos/);
  });
});

describe("blind variants", () => {
  it("strip EXIF byte for byte and rename at random, pairing unchanged", async () => {
    const withExif = await sharp({ create: { width: 64, height: 48, channels: 3, background: "#884422" } })
      .jpeg()
      .withExif({ IFD0: { Make: "TestCam" } })
      .toBuffer();
    assert.equal((await exifr.parse(withExif, { tiff: true }))?.Make, "TestCam");
    const stripped = stripJpegExif(withExif) as Buffer;
    assert.ok(stripped.length < withExif.length);
    assert.equal(await exifr.parse(stripped, { tiff: true }).catch(() => undefined), undefined);
    const [a, b] = await Promise.all([withExif, stripped].map((x) => sharp(x).raw().toBuffer()));
    assert.ok(a.equals(b), "pixels unchanged");
    assert.equal(stripJpegExif(Buffer.from("nope")), null);

    const names = listPhotos(join(dir, "set")).filter(
      (n) => !["empty.jpg", "corrupt.jpg", "notes.png"].includes(n),
    );
    const map = await makeBlindCopy(join(dir, "set"), names, join(dir, "blind"), 3);
    assert.equal(new Set(map.values()).size, names.length);
    for (const [from, to] of map) assert.notEqual(from, to);
    const { analysis } = await analyzeFolder(join(dir, "blind"), { cacheDir: null });
    const run = pairAnalysis(analysis, config, "blind");
    const rename = (n: string) => map.get(n) as string;
    assert.deepEqual(
      run.result.pairs.map((p) => `${p.frontUrl}>${p.backUrl}`).sort(),
      PRODUCTS.map((p) => `${rename(p.frontFile)}>${rename(p.backFile)}`).sort(),
    );
  });
});

describe("--vision openai against a local OpenAI-compatible server", () => {
  let server: TestServer;
  after(async () => server?.close());

  it("uses valid answers, falls back to OCR for malformed ones, and sends the photo as an image", async () => {
    server = await startOpenAiTestServer((req) => {
      const parts = req.messages[1]?.content;
      const url = Array.isArray(parts)
        ? (parts.find((p) => p.type === "image_url")?.image_url?.url ?? "")
        : "";
      if (!url.startsWith("data:image/jpeg;base64,")) return { status: 400 };
      const good = JSON.stringify({
        brand: "ModelBrand",
        product: "Model Product",
        role: "front",
        roleScore: -1,
        dominantColor: "purple",
        textExtracted: "MODEL TEXT",
      });
      const n = server.requests.length;
      if (n % 2 === 1) return { content: good };
      // the failures: malformed JSON, a valid object that misses `brand`, and a server error
      if (n % 6 === 2) return { content: "{not json" };
      if (n % 6 === 4) return { content: JSON.stringify({ product: "x", role: "front", roleScore: 0 }) };
      return { status: 503 };
    });
    const folder = join(dir, "vision");
    await writeSyntheticSet(folder);
    const vcfg = loadPairingConfig({
      PAIR_MODEL_BASE_URL: server.baseUrl,
      PAIR_MAX_MODEL_RETRIES: "0",
      PAIR_BREAKER_FAILURES: "10",
    });
    const vision = openAiVisionReader(vcfg.tieBreak);
    const { analysis, stats } = await analyzeFolder(folder, { cacheDir: null, vision });
    assert.equal(vision.stats.calls, 6);
    assert.equal(vision.stats.failedCalls, 3);
    assert.equal(stats.visionFallbacks, 3);
    const fromModel = analysis.imageInsights.filter((x) => x.source === "vision");
    assert.equal(fromModel.length, 3);
    for (const x of fromModel) assert.equal(x.textExtracted, "MODEL TEXT");
    assert.equal(analysis.imageInsights.filter((x) => x.source === "offline").length, 3);
    assert.equal(analysis.analyzer.vision, "gpt-4o-mini");
    assert.ok(
      vision.stats.errors.some((e) => /brand/.test(e)),
      vision.stats.errors.join("; "),
    );
  });
});

describe("--vision openai against an endpoint that is down", () => {
  it("opens the circuit breaker and reads the remaining photos by OCR, without a call each", async () => {
    const folder = join(dir, "vision-down");
    await writeSyntheticSet(folder);
    const cfg = loadPairingConfig({
      PAIR_MODEL_BASE_URL: "http://127.0.0.1:9/v1",
      PAIR_MAX_MODEL_RETRIES: "1",
      PAIR_BREAKER_FAILURES: "2",
      PAIR_MODEL_TIMEOUT_MS: "500",
    });
    const vision = openAiVisionReader(cfg.tieBreak);
    const { analysis, stats } = await analyzeFolder(folder, { cacheDir: null, vision });
    assert.equal(vision.breakerState(), "open");
    assert.ok(vision.stats.calls < 6, `calls ${vision.stats.calls}`);
    assert.equal(stats.visionFallbacks, 6);
    assert.equal(analysis.imageInsights.filter((x) => x.source === "offline").length, 6);
    const run = pairAnalysis(analysis, config, "down");
    assert.deepEqual(run.result.pairs.map((p) => `${p.frontUrl}>${p.backUrl}`).sort(), truePairs);
  });
});

describe("npm run pairing -- run <folder>", () => {
  const cli = (args: string[], env: Record<string, string> = {}) =>
    runCli("src/cli/pairing.ts", args, { PAIR_HISTORY_PATH: "", PAIR_DISABLE_TIEBREAK: "1", ...env });

  it("writes analysis, pairing, metrics and a review sheet listing every photo once", () => {
    const out = join(dir, "run-out");
    const r = cli(["run", join(dir, "set"), "--out", out, "--no-cache", "--quiet"]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^ANALYZE photos=9 skipped=1 .*unreadable=3 /m);
    assert.match(r.err, /note: 1 entries are not photos and were not read: readme\.txt/);
    assert.match(r.out, /^METRICS images=9 /m);
    assert.deepEqual(readdirSync(out).sort(), [
      "analysis.json",
      "pairing-metrics.json",
      "pairing.json",
      "review.html",
    ]);
    const html = readFileSync(join(out, "review.html"), "utf8");
    for (const name of listPhotos(join(dir, "set"))) {
      assert.equal(html.split(`data-url="${name}"`).length - 1, 1, name);
    }
    assert.equal((html.match(/<tr class="product"/g) ?? []).length, 3);
    assert.match(html, /unreadable_image/);
  });

  it("analyze alone writes analysis.json; a bad folder is one clear line and exit 2, with no output", () => {
    const file = join(dir, "only", "analysis.json");
    const ok = cli(["analyze", join(dir, "set"), "--out", file, "--no-cache"]);
    assert.equal(ok.code, 0, ok.err);
    assert.equal(JSON.parse(readFileSync(file, "utf8")).imageInsights.length, 9);
    const bad = cli(["run", join(dir, "missing"), "--out", join(dir, "never")]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^error: .*missing: no such folder\n$/);
    assert.equal(existsSync(join(dir, "never")), false);
    const vision = cli(["analyze", join(dir, "set"), "--vision", "nope"]);
    assert.equal(vision.code, 2);
    assert.match(vision.err, /--vision must be none or openai/);
    const noModel = cli(["analyze", join(dir, "set"), "--vision", "openai"], {
      OPENAI_API_KEY: "",
      PAIR_MODEL_BASE_URL: "",
    });
    assert.equal(noModel.code, 2);
    assert.match(noModel.err, /^error: --vision openai needs PAIR_MODEL_BASE_URL or OPENAI_API_KEY\n$/);
  });
});
