/**
 * `--vision openai`: an OpenAI-compatible vision model reads each label instead of OCR, answering in the
 * vision step's own per-photo schema. Answers are validated; a photo the model fails on (after retries) is
 * read by OCR instead, so one bad answer never costs the batch.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { z } from "zod";
import { writeJsonAtomic } from "../../lib/fs.js";
import { CircuitBreaker } from "../adapters/tiebreak/breaker.js";
import { askWithRetries, type CallStats, openAiSdk } from "../adapters/tiebreak/client.js";
import type { TieBreakConfig } from "../engine/config.js";
import type { VisionReading } from "./records.js";

export const VISION_PROMPT = `You describe one product photo for a reseller's listing tool.
Answer with one JSON object: brand ("Unknown" if none is visible), product ("Unidentified Item" if none),
variant, size (as printed), category, categoryPath ("A > B" or "Unknown"), role ("front", "back", "side" or
"other"), roleScore (negative leans front, positive leans back), dominantColor (hyphenated words such as
"dark-forest-green"), visualDescription (the container and its colours in words), textExtracted (the printed
text, lines joined by \\n), evidenceTriggers (the cues behind the role) and hasVisibleText.`;

export const visionAnswerSchema = z.object({
  brand: z.string().min(1),
  product: z.string().min(1),
  variant: z.string().default(""),
  size: z.string().default(""),
  category: z.string().default("Unknown"),
  categoryPath: z.string().default("Unknown"),
  role: z
    .string()
    .transform((s) => s.trim().toLowerCase())
    .pipe(z.enum(["front", "back", "side", "other"])),
  roleScore: z.number().finite(),
  dominantColor: z.string().default(""),
  visualDescription: z.string().default(""),
  textExtracted: z.string().default(""),
  evidenceTriggers: z.array(z.string()).default([]),
  hasVisibleText: z.boolean().default(true),
});

export interface VisionReader {
  model: string;
  /** "open" after PAIR_BREAKER_FAILURES failed calls in a row; closed again by a good probe after the cooldown */
  breakerState(): string;
  stats: CallStats;
  /** the model's reading of one photo, or null when every attempt failed (the caller falls back to OCR) */
  read(path: string, sha256: string): Promise<VisionReading | null>;
}

/**
 * `cacheDir` keeps each validated answer under the photo's content hash and the model (endpoint, name,
 * prompt), so a re-run asks nothing again; failed photos are not cached and are asked again next time.
 */
export function openAiVisionReader(cfg: TieBreakConfig, cacheDir: string | null = null): VisionReader {
  const sdk = openAiSdk(cfg);
  const stats: CallStats = { calls: 0, failedCalls: 0, promptTokens: 0, completionTokens: 0, errors: [] };
  // an endpoint that keeps failing is left alone for a while: the photos are read by OCR meanwhile
  const breaker = new CircuitBreaker(cfg.breakerFailures, cfg.breakerCooldownMs);
  const modelKey = createHash("sha256")
    .update(`${cfg.baseUrl}|${cfg.model}|${cfg.temperature}|${VISION_PROMPT}`)
    .digest("hex")
    .slice(0, 16);
  const cacheFile = (sha256: string) =>
    cacheDir ? join(cacheDir, `vision-${modelKey}-${sha256}.json`) : null;
  return {
    model: cfg.model,
    stats,
    breakerState: () => breaker.current,
    async read(path, sha256) {
      const file = cacheFile(sha256);
      if (file) {
        try {
          const hit = visionAnswerSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
          if (hit.success) return hit.data;
        } catch {
          // not cached yet
        }
      }
      // 1024 px is what vision models look at anyway; sending the full photo only costs upload time
      const jpeg = await sharp(readFileSync(path))
        .rotate()
        .resize(1024, 1024, { fit: "inside", withoutEnlargement: true })
        .jpeg({ quality: 85 })
        .toBuffer();
      const dataUrl = `data:image/jpeg;base64,${jpeg.toString("base64")}`;
      const answer = await askWithRetries(
        sdk,
        {
          model: cfg.model,
          temperature: cfg.temperature,
          response_format: { type: "json_object" },
          messages: [
            { role: "system", content: VISION_PROMPT },
            {
              role: "user",
              content: [
                { type: "text", text: "Describe this photo." },
                { type: "image_url", image_url: { url: dataUrl } },
              ],
            },
          ],
        },
        (text) => {
          const parsed = visionAnswerSchema.safeParse(JSON.parse(text));
          if (!parsed.success) {
            const i = parsed.error.issues[0];
            throw new Error(`answer field ${i.path.join(".") || "(root)"}: ${i.message}`);
          }
          return parsed.data;
        },
        {
          maxRetries: cfg.maxRetries,
          breaker,
          stats,
          label: `${path}: `,
          onBlocked: () => stats.errors.push(`${path}: circuit breaker open, read by OCR`),
        },
      );
      if (answer && file) writeJsonAtomic(file, answer);
      return answer;
    },
  };
}
