/** What the model sees: each ambiguous front with the backs it may take, as compact features, in chunks. */
import type { AmbiguousFront } from "../../engine/decide.js";
import type { ImageRecord } from "../../input.js";

export interface ImageBrief {
  url: string;
  brand: string;
  product: string;
  variant: string;
  size: string;
  colour: string;
  look: string;
  text: string;
}

export interface FrontQuestion {
  front: ImageBrief;
  allowed_backs: ImageBrief[];
}

export function brief(r: ImageRecord, maxText: number): ImageBrief {
  const g = r.group;
  const cut = (s: string) => (s.length > maxText ? `${s.slice(0, maxText)}…` : s);
  return {
    url: r.url,
    brand: g && g.brand !== "Unknown" ? g.brand : "",
    product: g && g.product !== "Unidentified Item" ? g.product : "",
    variant: g?.variant ?? "",
    size: g?.size ?? "",
    colour: r.insight.dominantColor,
    look: cut(r.insight.visualDescription),
    text: cut(r.insight.textExtracted),
  };
}

/** Splits questions so no call carries more than `maxImages` images (each front plus its allowed backs). */
export function chunkQuestions(questions: FrontQuestion[], maxImages: number): FrontQuestion[][] {
  const chunks: FrontQuestion[][] = [];
  let cur: FrontQuestion[] = [];
  let images = new Set<string>();
  for (const q of questions) {
    const add = [q.front.url, ...q.allowed_backs.map((b) => b.url)].filter((u) => !images.has(u));
    if (cur.length > 0 && images.size + add.length > maxImages) {
      chunks.push(cur);
      cur = [];
      images = new Set();
    }
    cur.push(q);
    for (const u of [q.front.url, ...q.allowed_backs.map((b) => b.url)]) images.add(u);
  }
  if (cur.length > 0) chunks.push(cur);
  return chunks;
}

/** The allowed backs of each ambiguous front: its candidates, minus backs already in accepted pairs. */
export function buildQuestions(
  ambiguous: AmbiguousFront[],
  records: Map<string, ImageRecord>,
  takenBacks: ReadonlySet<string>,
  maxText: number,
): FrontQuestion[] {
  const out: FrontQuestion[] = [];
  for (const a of ambiguous) {
    const front = records.get(a.frontUrl);
    if (!front) continue;
    const backs = a.candidates.map((c) => c.backUrl).filter((u) => !takenBacks.has(u));
    const briefs = backs.map((u) => records.get(u)).filter((r): r is ImageRecord => r !== undefined);
    if (briefs.length === 0) continue;
    out.push({ front: brief(front, maxText), allowed_backs: briefs.map((r) => brief(r, maxText)) });
  }
  return out;
}

export const SYSTEM_PROMPT = [
  "You pair product photos for a reseller. Each question gives the front of one product and the backs it may belong to.",
  "For every front, choose the back of the same product (same brand, product line, variant and size), or null if none fits.",
  "Use only backs from that front's allowed_backs, and never give one back to two fronts.",
  'Answer with JSON only: {"decisions": [{"front": "<front url>", "back": "<back url or null>"}]}, one entry per front.',
].join(" ");

export const RESPONSE_FORMAT = {
  type: "json_schema" as const,
  json_schema: {
    name: "tiebreak_decisions",
    strict: true,
    schema: {
      type: "object",
      additionalProperties: false,
      required: ["decisions"],
      properties: {
        decisions: {
          type: "array",
          items: {
            type: "object",
            additionalProperties: false,
            required: ["front", "back"],
            properties: { front: { type: "string" }, back: { type: ["string", "null"] } },
          },
        },
      },
    },
  },
};
