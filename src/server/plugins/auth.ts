import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * Guard for the admin endpoints (reload, cache clear, cache warm-up).
 *
 * With a token configured, a request needs `Authorization: Bearer <token>` (401 otherwise), wherever it comes
 * from. Without one, only clients on this machine may call them (403 otherwise): the demo and the smoke test
 * run on loopback, while a server listening on 0.0.0.0 must not hand model reloads to its whole network just
 * because nobody set a token. A request relayed by a proxy on this machine carries a forwarding header and is
 * not treated as local, since its real client is elsewhere.
 */
export function adminGuard(token: string) {
  const expected = Buffer.from(`Bearer ${token}`);
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (token) {
      const got = Buffer.from(req.headers.authorization ?? "");
      if (got.length === expected.length && timingSafeEqual(got, expected)) return;
      return reply
        .code(401)
        .send({ error: "unauthorized", message: "admin endpoints need Authorization: Bearer <token>" });
    }
    if (isLocalRequest(req)) return;
    return reply.code(403).send({
      error: "forbidden",
      message:
        "admin endpoints answer only clients on this machine until server.auth_token (SERVE_AUTH_TOKEN) is set",
    });
  };
}

function isLocalRequest(req: FastifyRequest): boolean {
  if (req.headers["x-forwarded-for"] !== undefined || req.headers.forwarded !== undefined) return false;
  return isLoopback(req.socket.remoteAddress ?? "");
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv6-mapped address. */
export function isLoopback(address: string): boolean {
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(a) === 4) return a.startsWith("127.");
  return a === "::1";
}
