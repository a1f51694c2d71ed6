/**
 * The service's JSON body parser. Fastify's own answers every malformed body with the same sentence; ours says
 * where the text broke, refuses `__proto__` keys by path, and refuses nesting no request needs.
 */
import { JsonTextError, parseJsonText } from "../../lib/json-text.js";

export { JsonTextError as JsonBodyError };

export function parseJsonBody(text: string): unknown {
  return parseJsonText(text, "body");
}
