/**
 * The service's JSON body parser. Fastify's own answers every malformed body with the same sentence; ours says
 * where the text broke, and which key was refused.
 */

export class JsonBodyError extends Error {}

/** Keys Fastify refuses by default (prototype poisoning); we refuse them too, but say which and where. */
const FORBIDDEN_KEY = "__proto__";

export function parseJsonBody(text: string): unknown {
  // a byte-order mark is not part of the JSON text
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new JsonBodyError("body is empty; send a JSON object");
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new JsonBodyError(`body is not valid JSON: ${(e as Error).message}`);
  }
  // JSON.parse keeps "__proto__" as a plain key, but code that copies keys onto objects would not: refuse it.
  // The walk runs only when the text holds the word, so ordinary bodies pay one substring search.
  if (body.includes(`"${FORBIDDEN_KEY}"`)) {
    const where = findKey(value, FORBIDDEN_KEY, "$");
    if (where !== null)
      throw new JsonBodyError(`body: the key "${FORBIDDEN_KEY}" is not allowed (at ${where})`);
  }
  return value;
}

function findKey(v: unknown, key: string, path: string): string | null {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = findKey(v[i], key, `${path}[${i}]`);
      if (hit !== null) return hit;
    }
  } else if (v !== null && typeof v === "object") {
    for (const [k, x] of Object.entries(v)) {
      if (k === key) return path;
      const hit = findKey(x, key, `${path}.${k}`);
      if (hit !== null) return hit;
    }
  }
  return null;
}
