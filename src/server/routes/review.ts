import { createReadStream, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { ENGINE_VERSION, type PairingResult } from "../../pairing/index.js";
import {
  analyzeBatch,
  batchFromAnalysis,
  batchFromResult,
  correctedPairing,
  listingCsv,
  listingRows,
  newBatchId,
  photoPath,
  ReviewEditSchema,
  ReviewStore,
  reviewOrder,
  savePhoto,
  UnknownBatch,
  UploadError,
} from "../../review/index.js";
import { ADMIN_SECURITY, type RouteContext } from "./context.js";

/** The page and its script, read once when the service starts: serving them never touches the disk. */
const PAGE_DIR = new URL("../review-page/", import.meta.url);
const PAGE = {
  html: readFileSync(new URL("page.html", PAGE_DIR), "utf8"),
  js: readFileSync(new URL("review.js", PAGE_DIR), "utf8"),
  css: readFileSync(new URL("review.css", PAGE_DIR), "utf8"),
};

const BatchId = z.string().regex(/^b[a-z0-9]{4,40}$/, "a batch id as the service gave it");
const Versioned = z.object({ version: z.number().int().min(0) }).strict();

/**
 * The review app: a seller checks the engine's products and fixes them, every fix kept in SQLite at once. The
 * page is public (it holds no data); every /review/api route, the photos and the exports are admin requests,
 * the only ones that read or write the store and the uploads.
 */
export function reviewRoutes(app: FastifyInstance, ctx: RouteContext) {
  const settings = ctx.config.review;
  const uploads = resolve(settings.uploads);
  const limits = { maxPhotos: settings.max_photos, maxPhotoBytes: settings.max_photo_bytes };
  // opened on the first admin request: a service nobody reviews on never creates the file
  let store: ReviewStore | undefined;
  const db = () => {
    store ??= new ReviewStore(resolve(settings.db));
    return store;
  };
  app.addHook("onClose", async () => store?.close());
  const pair = async (analysis: unknown, name: string): Promise<PairingResult> => {
    const out = await (await ctx.pairingPool()).run({
      name,
      analysis,
      record: false,
      maxImages: ctx.config.limits.pairing_images,
      timeoutMs: ctx.config.limits.request_timeout_ms,
    });
    if (!out.result) throw new UploadError(out.error ?? "the analysis could not be paired");
    return out.result;
  };
  /** The batch's current document: its info, its state, the listing rows, and the order to show products in. */
  const doc = (id: string) => {
    const s = db();
    const state = s.state(id);
    return {
      batch: s.info(id),
      state,
      rows: state ? listingRows(state) : [],
      order: state ? reviewOrder(state.products).map((p) => p.id) : [],
    };
  };
  // refused before the body is read: an anonymous upload never reaches memory, let alone the disk
  const admin = { onRequest: ctx.requireAdmin };

  app.get("/review", { schema: { summary: "the review app's page", hide: true } }, (_req, reply) =>
    reply.type("text/html; charset=utf-8").send(PAGE.html),
  );
  app.get("/review/review.js", { schema: { hide: true } }, (_req, reply) =>
    reply.type("text/javascript; charset=utf-8").send(PAGE.js),
  );
  app.get("/review/review.css", { schema: { hide: true } }, (_req, reply) =>
    reply.type("text/css; charset=utf-8").send(PAGE.css),
  );

  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/review/api/batches",
    { ...admin, schema: { summary: "review batches, newest first", security: ADMIN_SECURITY } },
    async () => ({ batches: db().list() }),
  );
  r.post(
    "/review/api/batches",
    {
      ...admin,
      schema: {
        summary:
          "start a review batch: with `analysis`, paired at once; with `job`, one batch per analysis of a finished pairing job; with neither, it takes photo uploads, then POST …/start",
        security: ADMIN_SECURITY,
        body: z
          .object({
            name: z.string().trim().min(1).max(200),
            analysis: z.unknown().optional(),
            job: z.string().min(1).max(100).optional(),
          })
          .strict(),
      },
    },
    async (req, reply) => {
      if (req.body.job !== undefined) {
        const job = await ctx.findPairingJob?.(req.body.job);
        if (!job) throw new UnknownBatch(`no pairing job ${req.body.job}`);
        if (job.state !== "done")
          throw new UploadError(`pairing job ${job.id} is ${job.state}: open it when it is done`);
        const done = (job.results ?? []).filter((r) => r.result !== undefined);
        if (done.length === 0) throw new UploadError(`pairing job ${job.id} paired no analysis`);
        const ids = done.map((r) =>
          batchFromResult(
            db(),
            done.length > 1 ? `${req.body.name} · ${r.name}` : req.body.name,
            r.result as PairingResult,
          ),
        );
        return reply.code(201).send({ ...doc(ids[0]), created: ids });
      }
      if (req.body.analysis === undefined) {
        const id = newBatchId();
        db().create(id, req.body.name, true);
        return reply.code(201).send(doc(id));
      }
      const id = await batchFromAnalysis(db(), req.body.name, req.body.analysis, pair);
      return reply.code(201).send(doc(id));
    },
  );
  // photo bytes are parsed as raw buffers on this route alone
  app.register(async (scope) => {
    scope.addContentTypeParser(
      ["image/jpeg", "image/png", "image/webp", "application/octet-stream"],
      { parseAs: "buffer", bodyLimit: settings.max_photo_bytes },
      (_req, body, done) => done(null, body),
    );
    scope.withTypeProvider<ZodTypeProvider>().put(
      "/review/api/batches/:id/photos/:name",
      {
        ...admin,
        schema: {
          summary: "upload one photo of a batch (raw bytes; .jpg, .png or .webp, checked by content)",
          security: ADMIN_SECURITY,
          params: z.object({ id: BatchId, name: z.string().min(1).max(300) }),
        },
      },
      async (req, reply) => {
        if (!Buffer.isBuffer(req.body))
          throw new UploadError(
            "send the photo's bytes with content-type image/jpeg, image/png or image/webp",
          );
        savePhoto(db(), uploads, req.params.id, req.params.name, req.body, limits);
        return reply.code(204).send();
      },
    );
  });
  r.post(
    "/review/api/batches/:id/start",
    {
      ...admin,
      schema: {
        summary:
          "read the uploaded photos and pair them, as a job: follow it with GET /review/api/batches/:id",
        security: ADMIN_SECURITY,
        params: z.object({ id: BatchId }),
      },
    },
    async (req, reply) => {
      const info = db().info(req.params.id);
      if (!info.hasPhotos || (info.status !== "uploading" && info.status !== "failed"))
        throw new UploadError(
          `batch ${info.id} is ${info.status}: only a batch of uploaded photos can start`,
        );
      db().setProgress(info.id, "analyzing", 0, 0);
      // its own failures are kept on the batch; one past that (the store closed under it) is only logged
      analyzeBatch(db(), uploads, info.id, pair).catch((e) => req.log.error({ err: e }, "review analysis"));
      return reply.code(202).send(doc(info.id));
    },
  );
  r.get(
    "/review/api/batches/:id",
    {
      ...admin,
      schema: {
        summary:
          "a batch: status and progress, its version, and when ready its products, singletons and listing rows",
        security: ADMIN_SECURITY,
        params: z.object({ id: BatchId }),
      },
    },
    async (req) => {
      return doc(req.params.id);
    },
  );
  r.post(
    "/review/api/batches/:id/edits",
    {
      ...admin,
      schema: {
        summary:
          "apply one correction made on `version` (409 if the batch changed since; 422 if the edit is not possible)",
        security: ADMIN_SECURITY,
        params: z.object({ id: BatchId }),
        body: Versioned.extend({ edit: ReviewEditSchema }).strict(),
      },
    },
    async (req) => {
      db().edit(req.params.id, req.body.version, req.body.edit);
      return doc(req.params.id);
    },
  );
  for (const step of ["undo", "redo"] as const)
    r.post(
      `/review/api/batches/:id/${step}`,
      {
        ...admin,
        schema: {
          summary: `${step} the last correction (409 if the batch changed since \`version\`)`,
          security: ADMIN_SECURITY,
          params: z.object({ id: BatchId }),
          body: Versioned,
        },
      },
      async (req) => {
        db()[step](req.params.id, req.body.version);
        return doc(req.params.id);
      },
    );
  r.get(
    "/review/api/batches/:id/photos/:name",
    {
      ...admin,
      schema: {
        summary: "one uploaded photo of a batch",
        security: ADMIN_SECURITY,
        params: z.object({ id: BatchId, name: z.string().min(1).max(300) }),
      },
    },
    async (req, reply) => {
      const path = photoPath(uploads, req.params.id, req.params.name);
      if (path === null)
        return reply
          .code(404)
          .send({ error: "not_found", message: `no photo ${req.params.name} in this batch` });
      const ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
      return reply
        .type(ext === "png" ? "image/png" : ext === "webp" ? "image/webp" : "image/jpeg")
        .header("cache-control", "private, max-age=3600")
        .send(createReadStream(path));
    },
  );
  r.get(
    "/review/:id/:file",
    {
      ...admin,
      schema: {
        summary:
          "exports: export.csv and export.json (listing rows: title, photos front, back, extras, category), pairing.json (the corrected pairing)",
        security: ADMIN_SECURITY,
        params: z.object({ id: BatchId, file: z.enum(["export.csv", "export.json", "pairing.json"]) }),
      },
    },
    async (req, reply) => {
      const s = db();
      const state = s.state(req.params.id);
      if (!state)
        return reply.code(409).send({
          error: "not_ready",
          message: `batch ${req.params.id} is ${s.info(req.params.id).status}`,
        });
      const name = s.info(req.params.id).name.replace(/[^\w.-]+/g, "_");
      reply.header("content-disposition", `attachment; filename="${name}-${req.params.file}"`);
      if (req.params.file === "export.csv")
        return reply.type("text/csv; charset=utf-8").send(listingCsv(state));
      if (req.params.file === "export.json") return { rows: listingRows(state) };
      return correctedPairing(state, ENGINE_VERSION);
    },
  );
}
