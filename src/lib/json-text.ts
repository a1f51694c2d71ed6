/**
 * JSON text from an untrusted sender, parsed strictly: a byte-order mark is dropped, nesting deeper than
 * `maxDepth` is refused, and so is a `"__proto__"` key. JSON.parse itself is iterative, but the code that walks a
 * value afterwards (validators, stringify, our own checks) recurses: a deep value would exhaust its stack.
 */
import { UserError } from "./errors.js";

export class JsonTextError extends UserError {}

/** Nesting no request or analysis file needs (an analysis is about 5 levels deep). */
export const MAX_JSON_DEPTH = 64;

/** Keys refused because code that copies keys onto objects would change their prototype. */
const FORBIDDEN_KEY = "__proto__";

export function parseJsonText(text: string, what = "body", maxDepth = MAX_JSON_DEPTH): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new JsonTextError(`${what} is empty; send a JSON object`);
  const depth = nestingDepth(body);
  if (depth > maxDepth)
    throw new JsonTextError(`${what} nests ${depth} levels deep; at most ${maxDepth} are accepted`);
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (e) {
    throw new JsonTextError(`${what} is not valid JSON: ${(e as Error).message}`);
  }
  // the walk runs only when the text holds the key, so ordinary bodies pay one substring search
  if (body.includes(`"${FORBIDDEN_KEY}"`)) {
    const where = pathOfKey(value, FORBIDDEN_KEY);
    if (where !== null)
      throw new JsonTextError(`${what}: the key "${FORBIDDEN_KEY}" is not allowed (at ${where})`);
  }
  return value;
}

/** The deepest bracket nesting of JSON text, skipping strings; one pass, no recursion. */
export function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) max = depth;
    } else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** The JSON path of the first occurrence of `key` in `value`, found with an explicit stack. */
function pathOfKey(value: unknown, key: string): string | null {
  const stack: [unknown, string][] = [[value, "$"]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
    } else if (v !== null && typeof v === "object") {
      const entries = Object.entries(v);
      for (const [k] of entries) if (k === key) return path;
      for (let i = entries.length - 1; i >= 0; i--) stack.push([entries[i]![1], `${path}.${entries[i]![0]}`]);
    }
  }
  return null;
}
