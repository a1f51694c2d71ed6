import { timingSafeEqual } from "node:crypto";
import { isIP } from "node:net";
import type { FastifyReply, FastifyRequest } from "fastify";

/**
 * One trust model for the admin endpoints and for anything that touches the server's disk or state.
 *
 * With a token configured, a request needs `Authorization: Bearer <token>` (the scheme in any case; 401
 * otherwise), wherever it comes from. Without one, only a client on this machine counts as admin: the connection
 * itself is loopback and it carries no proxy header, since a request relayed by a proxy on this machine has its
 * real client elsewhere. With `trust_proxy`, the client a trusted proxy names (fastify's `req.ip`) is the one
 * that must be on loopback.
 */
export interface TrustSettings {
  token: string;
  trustProxy: boolean;
}

/** Headers a proxy adds to say who the real client is. */
const PROXY_HEADERS = [
  "x-forwarded-for",
  "forwarded",
  "x-real-ip",
  "x-client-ip",
  "true-client-ip",
  "cf-connecting-ip",
];

export function hasValidToken(req: FastifyRequest, token: string): boolean {
  if (!token) return false;
  const header = req.headers.authorization ?? "";
  const match = /^bearer\s+(.+)$/i.exec(header.trim());
  if (!match) return false;
  const got = Buffer.from(match[1]!);
  const expected = Buffer.from(token);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export function isLocalClient(req: FastifyRequest, trustProxy: boolean): boolean {
  const proxied = PROXY_HEADERS.some((h) => req.headers[h] !== undefined);
  if (trustProxy) return isLoopback(req.ip);
  return !proxied && isLoopback(req.socket.remoteAddress ?? "");
}

/** Whether a request may do what an admin may: a valid token, or, with no token configured, a local client. */
export function isAdmin(req: FastifyRequest, t: TrustSettings): boolean {
  return t.token ? hasValidToken(req, t.token) : isLocalClient(req, t.trustProxy);
}

/** preHandler of the admin endpoints: 401 without a valid token where one is set, 403 for a remote client. */
export function adminGuard(t: TrustSettings) {
  return async (req: FastifyRequest, reply: FastifyReply) => {
    if (isAdmin(req, t)) return;
    if (t.token)
      return reply
        .code(401)
        .send({ error: "unauthorized", message: "admin endpoints need Authorization: Bearer <token>" });
    return reply.code(403).send({
      error: "forbidden",
      message:
        "admin endpoints answer only clients on this machine until server.auth_token (SERVE_AUTH_TOKEN) is set",
    });
  };
}

/** 127.0.0.0/8, ::1, and IPv4 loopback written as an IPv6-mapped address. */
export function isLoopback(address: string): boolean {
  const a = address.startsWith("::ffff:") ? address.slice(7) : address;
  if (isIP(a) === 4) return a.startsWith("127.");
  return a === "::1";
}
