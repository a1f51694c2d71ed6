import type { FastifyInstance } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { UserError } from "../../lib/errors.js";
import { parseJsonText } from "../../lib/json-text.js";
import { NotFoundError } from "../../recsys/index.js";
import { ReviewEditError, UnknownBatch, UploadError, VersionConflict } from "../../review/index.js";

/** What a caller sent, quoted back in a message at most this long: a reply never echoes a whole body. */
export const MAX_QUOTED_CHARS = 100;

export function shortened(text: string): string {
  return text.length > MAX_QUOTED_CHARS ? `${text.slice(0, MAX_QUOTED_CHARS - 1)}…` : text;
}

/** A handler's own refusal of a request: answered 400 with its message. */
export class BadRequest extends Error {}

/**
 * Bodies are parsed by our JSON parser (it says where a body broke); a request whose route has a body schema and
 * sent no body is validated as `{}`, so the message names the missing field. Every user error is a 4xx with a
 * message naming the field; anything else is logged and answered 500 without details.
 */
export function registerErrorHandling(app: FastifyInstance) {
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_req, body, done) => {
    try {
      done(null, parseJsonText(body as string, "body"));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  app.addHook("preValidation", async (req) => {
    if (req.body === undefined && req.routeOptions.schema?.body) req.body = {};
  });
  app.setErrorHandler((err: Error & { statusCode?: number }, req, reply) => {
    if (hasZodFastifySchemaValidationErrors(err)) {
      const first = err.validation[0]!;
      const field = first.instancePath.slice(1).replaceAll("/", ".");
      return reply.code(400).send({ error: "bad_request", message: `${field || "body"}: ${first.message}` });
    }
    // JsonTextError (a body that broke, nested too deep, or held __proto__) is a UserError too
    if (err instanceof BadRequest || err instanceof UserError)
      return reply.code(400).send({ error: "bad_request", message: err.message });
    if (err instanceof NotFoundError || err instanceof UnknownBatch)
      return reply.code(404).send({ error: "not_found", message: err.message });
    // the review app's refusals: a stale version, an edit the batch cannot take, a refused upload
    if (err instanceof VersionConflict)
      return reply.code(409).send({ error: "version_conflict", message: err.message });
    if (err instanceof ReviewEditError)
      return reply.code(422).send({ error: "invalid_edit", message: err.message });
    if (err instanceof UploadError)
      return reply.code(400).send({ error: "bad_upload", message: err.message });
    const status = err.statusCode ?? 500;
    if (status < 500) return reply.code(status).send({ error: "bad_request", message: err.message });
    req.log.error({ err }, "unexpected error");
    return reply.code(500).send({ error: "internal", message: "internal error" });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({ error: "not_found", message: `no route ${req.method} ${shortened(req.url)}` }),
  );
}
