import { z } from "zod";
import { JsonFileError } from "../lib/errors.js";

/** A text field the vision step may leave out or set to null: read as `fallback`. */
const textOr = (fallback: string) =>
  z
    .string()
    .nullish()
    .transform((v) => v ?? fallback);

/** One group of the vision step: what it read for the product(s) in its images. */
export const groupSchema = z.object({
  groupId: z.union([z.string(), z.number()]).optional(),
  brand: z.string().default("Unknown"),
  product: z.string().default("Unidentified Item"),
  variant: textOr(""),
  size: textOr(""),
  category: textOr("Unknown"),
  categoryPath: textOr("Unknown"),
  images: z.array(z.string().min(1)).default([]),
  primaryImageUrl: z.string().nullish(),
});
export type Group = z.infer<typeof groupSchema>;

const roleSchema = z
  .string()
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.enum(["front", "back", "side", "other"]));

/** One per-photo insight. Extra fields (e.g. from our own analyser) pass through untouched. */
export const insightSchema = z.looseObject({
  url: z.string().min(1),
  hasVisibleText: z.boolean().optional(),
  dominantColor: textOr(""),
  role: roleSchema.default("other"),
  roleScore: z.number().finite().default(0),
  evidenceTriggers: z.array(z.string()).default([]),
  visualDescription: textOr(""),
  textExtracted: textOr(""),
  /** set by our photo analyser when the file could not be decoded: why (the image becomes a singleton) */
  unreadable: z.string().optional(),
});
export type Insight = z.infer<typeof insightSchema>;
export type Role = Insight["role"];

/** The joined record of one image, as the engine sees it. */
export interface ImageRecord {
  url: string;
  /** position of the insight in the input; used only to make output order deterministic */
  index: number;
  group: Group | null;
  insight: Insight;
}

export interface RecordError {
  url: string;
  field: string;
  message: string;
}

export interface ParsedAnalysis {
  records: ImageRecord[];
  /** urls that exist in the input but whose records failed validation or whose image could not be read */
  invalid: { url: string; role: Role; reason: "invalid_record" | "unreadable_image" }[];
  errors: RecordError[];
}

/** A whole-file problem: not JSON, or neither array present. The CLI exits 2 on it. */
export class AnalysisFileError extends JsonFileError {}

/** The failing field and every issue, each with the value the record held there, so a user can find it. */
function describeIssues(err: z.ZodError, record: unknown): { field: string; message: string } {
  const first = err.issues[0];
  const field = first.path.join(".") || "(record)";
  return {
    field,
    message: err.issues
      .map((i) => `${i.path.join(".") || "(record)"}: ${i.message}${describeValue(valueAt(record, i.path))}`)
      .join("; "),
  };
}

function valueAt(record: unknown, path: readonly PropertyKey[]): unknown {
  let v = record;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** ` (got "sideways")`, shortened; nothing for a missing field, whose message already says so. */
function describeValue(v: unknown): string {
  if (v === undefined) return "";
  let text: string;
  try {
    text = JSON.stringify(v) ?? String(v);
  } catch {
    // a value nested past the stack's depth (or a cycle) cannot be shown, but its record must still be reported
    text = Array.isArray(v) ? "[…]" : "{…}";
  }
  return ` (got ${text.length > 60 ? `${text.slice(0, 57)}...` : text})`;
}

/**
 * Validates the vision step's `{ groups, imageInsights }`. Records are validated one by one so that a
 * bad record costs only itself: it is reported in `invalid` and `errors`, and the rest is paired.
 */
export function parseAnalysis(raw: unknown, file = "<input>"): ParsedAnalysis {
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new AnalysisFileError(file, "$", "expected an object with `groups` and `imageInsights`");
  }
  const obj = raw as Record<string, unknown>;
  const rawGroups = obj.groups;
  let rawInsights = obj.imageInsights;
  if (rawGroups !== undefined && !Array.isArray(rawGroups)) {
    throw new AnalysisFileError(file, "$.groups", "must be an array");
  }
  if (rawGroups === undefined && rawInsights === undefined) {
    throw new AnalysisFileError(file, "$", "neither `groups` nor `imageInsights` is present");
  }
  let insightPaths: string[] = [];
  if (rawInsights === undefined) {
    rawInsights = [];
  } else if (Array.isArray(rawInsights)) {
    insightPaths = rawInsights.map((_, i) => `imageInsights[${i}]`);
  } else if (typeof rawInsights === "object" && rawInsights !== null) {
    // keyed by url: the key is the url when the record does not repeat it
    const entries = Object.entries(rawInsights as Record<string, unknown>);
    insightPaths = entries.map(([k]) => `imageInsights[${JSON.stringify(k)}]`);
    rawInsights = entries.map(([k, v]) =>
      v !== null && typeof v === "object" && !Array.isArray(v) && (v as { url?: unknown }).url === undefined
        ? { ...(v as object), url: k }
        : v,
    );
  } else {
    throw new AnalysisFileError(file, "$.imageInsights", "must be an array or an object keyed by url");
  }

  const errors: RecordError[] = [];
  const invalid = new Map<string, Role>();
  const unreadable = new Set<string>();
  const groupOf = new Map<string, Group>();
  const groupsList = (rawGroups ?? []) as unknown[];
  groupsList.forEach((g, gi) => {
    const res = groupSchema.safeParse(g);
    const urls = groupUrls(g);
    if (!res.success) {
      const d = describeIssues(res.error, g);
      for (const u of urls) {
        invalid.set(u, "other");
        errors.push({ url: u, field: `groups[${gi}].${d.field}`, message: d.message });
      }
      if (urls.length === 0) errors.push({ url: "", field: `groups[${gi}].${d.field}`, message: d.message });
      return;
    }
    for (const u of res.data.images) if (!groupOf.has(u)) groupOf.set(u, res.data);
  });

  const records: ImageRecord[] = [];
  const seen = new Set<string>();
  (rawInsights as unknown[]).forEach((ins, i) => {
    const path = insightPaths[i];
    const res = insightSchema.safeParse(ins);
    const url = urlOf(ins);
    if (!res.success) {
      const d = describeIssues(res.error, ins);
      errors.push({ url: url ?? "", field: `${path}.${d.field}`, message: d.message });
      if (url && !seen.has(url)) {
        seen.add(url);
        invalid.set(url, "other");
      }
      return;
    }
    const u = res.data.url;
    if (seen.has(u)) {
      errors.push({ url: u, field: `${path}.url`, message: "duplicate url: this record was ignored" });
      return;
    }
    seen.add(u);
    if (invalid.has(u)) {
      invalid.set(u, res.data.role);
      return;
    }
    if (res.data.unreadable !== undefined) {
      unreadable.add(u);
      invalid.set(u, "other");
      errors.push({ url: u, field: `${path}.unreadable`, message: res.data.unreadable });
      return;
    }
    records.push({ url: u, index: i, group: groupOf.get(u) ?? null, insight: res.data });
  });
  // images named by a group but with no insight: we cannot tell what the photo shows
  for (const u of groupOf.keys()) {
    if (!seen.has(u) && !invalid.has(u)) {
      invalid.set(u, "other");
      errors.push({ url: u, field: "imageInsights", message: "no insight record for this url" });
    }
  }
  return {
    records,
    invalid: [...invalid].map(([url, role]) => ({
      url,
      role,
      reason: unreadable.has(url) ? ("unreadable_image" as const) : ("invalid_record" as const),
    })),
    errors,
  };
}

function urlOf(x: unknown): string | null {
  if (x && typeof x === "object" && typeof (x as { url?: unknown }).url === "string") {
    const u = (x as { url: string }).url;
    return u.length > 0 ? u : null;
  }
  return null;
}

function groupUrls(g: unknown): string[] {
  if (!g || typeof g !== "object") return [];
  const imgs = (g as { images?: unknown }).images;
  return Array.isArray(imgs) ? imgs.filter((u): u is string => typeof u === "string" && u.length > 0) : [];
}
