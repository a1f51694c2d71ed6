import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import type { FastifyInstance } from "fastify";
import { type ReviewState, reviewContract } from "../../src/review/index.js";
import { testApp } from "./fixture.js";

const golden = JSON.parse(readFileSync(new URL("../golden/analysis.json", import.meta.url), "utf8"));
const goldenUrls: string[] = golden.imageInsights.map((i: { url: string }) => i.url);
const dir = mkdtempSync(join(tmpdir(), "review-api-"));
const review = { db: join(dir, "review.sqlite"), uploads: join(dir, "uploads") };
const apps: FastifyInstance[] = [];
after(async () => {
  for (const a of apps) await a.close();
});

async function app(server: Record<string, unknown> = {}) {
  const { app } = await testApp({ review, server });
  apps.push(app);
  return app;
}
const local = { remoteAddress: "127.0.0.1" };
interface Doc {
  batch: { id: string; version: number; status: string; canUndo: boolean; canRedo: boolean };
  state: ReviewState;
  rows: { title: string; photos: string[] }[];
}

describe("the review API", () => {
  let a: FastifyInstance;
  let doc: Doc;
  const edit = (e: unknown, version = doc.batch.version) =>
    a.inject({
      ...local,
      method: "POST",
      url: `/review/api/batches/${doc.batch.id}/edits`,
      payload: { version, edit: e },
    });
  const sound = (d: Doc) => assert.deepEqual(reviewContract(d.state, goldenUrls), []);

  it("starts a batch from an analysis.json, paired at once, with every photo once", async () => {
    a = await app();
    const r = await a.inject({
      ...local,
      method: "POST",
      url: "/review/api/batches",
      payload: { name: "golden", analysis: golden },
    });
    assert.equal(r.statusCode, 201, r.body);
    doc = r.json();
    assert.equal(doc.batch.status, "ready");
    assert.ok(doc.state.products.length > 5);
    assert.ok(
      doc.state.products.some((p) => p.decidedBy === "review"),
      "the golden's review pair is there",
    );
    sound(doc);
    assert.equal(doc.batch.canUndo, false);
    // the page shows the least certain products first
    const shown = (doc as Doc & { order: string[] }).order.map(
      (id) => doc.state.products.find((p) => p.id === id)!,
    );
    assert.equal(shown.length, doc.state.products.length);
    for (let i = 1; i < shown.length; i++) assert.ok(shown[i - 1].confidence <= shown[i].confidence);
  });

  it("swaps, moves, splits, edits and marks photos, keeping every photo once, with undo and redo", async () => {
    const paired = doc.state.products.find((p) => p.back !== null && p.extras.length > 0)!;
    let r = await edit({ op: "swap", product: paired.id });
    assert.equal(r.statusCode, 200, r.body);
    doc = r.json();
    const swapped = doc.state.products.find((p) => p.id === paired.id)!;
    assert.deepEqual([swapped.front, swapped.back], [paired.back, paired.front]);
    assert.equal(swapped.decidedBy, "seller");
    sound(doc);

    const other = doc.state.products.find((p) => p.id !== paired.id && p.back !== null)!;
    const extra = paired.extras[0];
    r = await edit({ op: "move", url: extra, to: other.id });
    doc = r.json();
    assert.ok(doc.state.products.find((p) => p.id === other.id)!.extras.includes(extra));
    sound(doc);

    // two actions turn a stray photo and a singleton into a product of their own
    const loose = doc.state.singletons[0].url;
    r = await edit({ op: "move", url: extra, to: "new" });
    doc = r.json();
    const fresh = doc.state.products.find((p) => p.front === extra)!;
    r = await edit({ op: "move", url: loose, to: fresh.id });
    doc = r.json();
    assert.equal(doc.state.products.find((p) => p.id === fresh.id)!.back, loose);
    sound(doc);

    r = await edit({ op: "edit", product: fresh.id, brand: "Acme", name: "Hand Cream", size: "50 ml" });
    doc = r.json();
    assert.ok(doc.rows.some((row) => row.title === "Acme Hand Cream 50 ml"));

    r = await edit({ op: "split", product: fresh.id });
    doc = r.json();
    assert.ok(doc.state.singletons.some((s) => s.url === loose && s.reason === "orphan_back"));
    r = await edit({ op: "not_product", url: loose });
    doc = r.json();
    assert.ok(doc.state.singletons.some((s) => s.url === loose && s.reason === "non_product"));
    sound(doc);

    const before = doc.state;
    r = await a.inject({
      ...local,
      method: "POST",
      url: `/review/api/batches/${doc.batch.id}/undo`,
      payload: { version: doc.batch.version },
    });
    doc = r.json();
    assert.ok(doc.state.singletons.some((s) => s.url === loose && s.reason === "orphan_back"));
    assert.equal(doc.batch.canRedo, true);
    r = await a.inject({
      ...local,
      method: "POST",
      url: `/review/api/batches/${doc.batch.id}/redo`,
      payload: { version: doc.batch.version },
    });
    doc = r.json();
    assert.deepEqual(doc.state, before);
  });

  it("refuses an impossible edit with 422 and a message, and leaves the batch as it was", async () => {
    const paired = doc.state.products.find((p) => p.back !== null)!;
    const lone = doc.state.products.find((p) => p.back === null && p.extras.length === 0);
    const cases: [unknown, RegExp][] = [
      [
        { op: "move", url: paired.front, to: "new" },
        /is the front of product .*swap it with the back, or split/,
      ],
      [{ op: "move", url: "nowhere.jpg", to: paired.id }, /nowhere\.jpg is not a photo of this batch/],
      [{ op: "swap", product: "p999" }, /no product p999/],
      [{ op: "move", url: paired.front, to: paired.id }, /is already in product/],
    ];
    if (lone) cases.push([{ op: "swap", product: lone.id }, /has no back to swap/]);
    const version = doc.batch.version;
    for (const [e, message] of cases) {
      const r = await edit(e);
      assert.equal(r.statusCode, 422, `${JSON.stringify(e)}: ${r.body}`);
      assert.match(r.json().message, message);
    }
    const bad = await edit({ op: "teleport", url: paired.front });
    assert.equal(bad.statusCode, 400);
    const now: Doc = (await a.inject({ ...local, url: `/review/api/batches/${doc.batch.id}` })).json();
    assert.equal(now.batch.version, version);
    assert.deepEqual(now.state, doc.state);
  });

  it("answers 409 to an edit made on an older version: two tabs never overwrite each other silently", async () => {
    const paired = doc.state.products.find((p) => p.back !== null)!;
    const stale = doc.batch.version;
    const first = await edit({ op: "swap", product: paired.id }, stale);
    assert.equal(first.statusCode, 200);
    const second = await edit({ op: "swap", product: paired.id }, stale);
    assert.equal(second.statusCode, 409);
    assert.match(second.json().message, /changed since you loaded it .*reload/);
    doc = first.json();
  });

  it("exports listing rows as CSV and JSON, and the corrected pairing.json", async () => {
    const csv = await a.inject({ ...local, url: `/review/${doc.batch.id}/export.csv` });
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers["content-type"] as string, /text\/csv/);
    const lines = csv.body.trimEnd().split("\r\n");
    assert.equal(
      lines[0],
      "product_id,title,brand,product,variant,size,category,photos,confidence,decided_by",
    );
    assert.equal(lines.length, doc.state.products.length + 1);
    const json = (await a.inject({ ...local, url: `/review/${doc.batch.id}/export.json` })).json();
    assert.deepEqual(json.rows, doc.rows);
    for (const [row, p] of json.rows.map((r: { photos: string[] }, i: number) => [r, doc.state.products[i]]))
      assert.deepEqual(row.photos, [p.front, ...(p.back ? [p.back] : []), ...p.extras]);
    const pairing = (await a.inject({ ...local, url: `/review/${doc.batch.id}/pairing.json` })).json();
    const swapped = doc.state.products.find((p) => p.decidedBy === "seller" && p.back !== null)!;
    assert.ok(
      pairing.pairs.some(
        (x: { frontUrl: string; backUrl: string }) =>
          x.frontUrl === swapped.front && x.backUrl === swapped.back,
      ),
    );
  });

  it("keeps every edit across a restart", async () => {
    await a.close();
    const again = await app();
    const r = await again.inject({ ...local, url: `/review/api/batches/${doc.batch.id}` });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json().state, doc.state);
    a = again;
  });

  it("opens a finished pairing job's results as review batches, and names a job that is not there", async () => {
    const submitted = await a.inject({
      ...local,
      method: "POST",
      url: "/pairing/jobs",
      payload: { analyses: [{ name: "golden", analysis: golden }] },
    });
    assert.equal(submitted.statusCode, 202, submitted.body);
    const job = submitted.json().id as string;
    for (let i = 0; i < 200; i++) {
      const st = (await a.inject({ ...local, url: `/pairing/jobs/${job}` })).json();
      if (st.state === "done") break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await a.inject({
      ...local,
      method: "POST",
      url: "/review/api/batches",
      payload: { name: "from a job", job },
    });
    assert.equal(r.statusCode, 201, r.body);
    const opened: Doc & { created: string[] } = r.json();
    assert.equal(opened.created.length, 1);
    assert.equal(opened.batch.status, "ready");
    sound(opened);
    const missing = await a.inject({
      ...local,
      method: "POST",
      url: "/review/api/batches",
      payload: { name: "x", job: "no-such-job" },
    });
    assert.equal(missing.statusCode, 404);
    assert.match(missing.json().message, /no pairing job no-such-job/);
  });

  it("takes photos only by a plain name and an image's own bytes, and never as a path", async () => {
    const created = await a.inject({
      ...local,
      method: "POST",
      url: "/review/api/batches",
      payload: { name: "p" },
    });
    const id = created.json().batch.id;
    const put = (name: string, bytes: Buffer, type = "image/jpeg") =>
      a.inject({
        ...local,
        method: "PUT",
        url: `/review/api/batches/${id}/photos/${encodeURIComponent(name)}`,
        payload: bytes,
        headers: { "content-type": type },
      });
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
    for (const [name, bytes, message] of [
      ["../escape.jpg", jpeg, /is not accepted/],
      ["notes.txt", jpeg, /is not accepted/],
      ["fake.jpg", Buffer.from("PASSWORD=hunter2"), /content is not a jpg image/],
    ] as const) {
      const r = await put(name, bytes);
      assert.equal(r.statusCode, 400, `${name}: ${r.body}`);
      assert.match(r.json().message, message);
    }
    assert.equal((await put("IMG_0001.jpg", jpeg)).statusCode, 204);
    assert.deepEqual(readdirSync(join(review.uploads, id)), ["IMG_0001.jpg"]);
    assert.ok(!existsSync(join(review.uploads, "escape.jpg")));
    const got = await a.inject({ ...local, url: `/review/api/batches/${id}/photos/IMG_0001.jpg` });
    assert.equal(got.statusCode, 200);
    assert.deepEqual(got.rawPayload, jpeg);
    const missing = await a.inject({ ...local, url: `/review/api/batches/${id}/photos/..%2Fpasswd.jpg` });
    assert.equal(missing.statusCode, 404);
  });

  it("answers an anonymous remote caller 403 (401 with a token set) and never touches the store for it", async () => {
    const remote = { remoteAddress: "10.1.2.3" };
    const r = await a.inject({ ...remote, url: "/review/api/batches" });
    assert.equal(r.statusCode, 403);
    const upload = await a.inject({
      ...remote,
      method: "PUT",
      url: "/review/api/batches/b1234abcd/photos/x.jpg",
      payload: Buffer.alloc(1024),
      headers: { "content-type": "image/jpeg" },
    });
    assert.equal(upload.statusCode, 403);
    const page = await a.inject({ ...remote, url: "/review" });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Shelfwise review/);
    const tokenApp = await app({ auth_token: "s3cret" });
    assert.equal((await tokenApp.inject({ ...local, url: "/review/api/batches" })).statusCode, 401);
    const ok = await tokenApp.inject({
      ...remote,
      url: "/review/api/batches",
      headers: { authorization: "Bearer s3cret" },
    });
    assert.equal(ok.statusCode, 200);
    assert.ok(ok.json().batches.length >= 2);
  });
});
