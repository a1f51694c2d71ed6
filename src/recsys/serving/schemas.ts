/** Request schemas of the recommender endpoints (zod); the handlers validate with them and /docs shows them. */
import { z } from "zod";

/** Signals are mapped to 0..1, so weights far past the config's (all ≤ 1) only overflow the score. */
const Weight = z.number().min(0).max(1000);
const WeightsInput = z
  .object({ cf: Weight, content: Weight, popularity: Weight, quality: Weight, item_item: Weight })
  .partial()
  .strict();

export const FiltersSchema = z
  .object({
    brand: z.union([z.string(), z.array(z.string())]).optional(),
    skin_type: z.string().optional(),
    category: z.string().optional(),
    min_price: z.number().min(0).optional(),
    max_price: z.number().min(0).optional(),
    min_rating: z.number().min(0).max(5).optional(),
  })
  .strict()
  // an empty price range is a caller's mistake, not a request for no recommendations
  .refine((f) => f.min_price === undefined || f.max_price === undefined || f.min_price <= f.max_price, {
    path: ["min_price"],
    error: "must not be above max_price",
  });
export type Filters = z.infer<typeof FiltersSchema>;

const common = {
  topk: z.number().int().min(1).max(100).optional(),
  exclude_seen: z.boolean().default(true),
  filters: FiltersSchema.default({}),
  rerank: z.boolean().optional(),
  rerank_weights: WeightsInput.optional(),
};
const UserId = z
  .union([z.string().min(1).max(200), z.number().int()], {
    error: (iss) => (iss.input === undefined ? "required" : "expected a string or an integer"),
  })
  .transform(String);

export const RecommendRequestSchema = z.object({ user_id: UserId, ...common }).strict();
export const BatchRequestSchema = z
  .object({ user_ids: z.array(UserId).min(1).max(1000), ...common })
  .strict();
export const SimilarRequestSchema = z
  .object({
    product_id: z.union([z.string().min(1), z.number().int()]).transform(String),
    topk: z.number().int().min(1).max(100).default(10),
    method: z.enum(["content", "item_item", "hybrid"]).default("hybrid"),
  })
  .strict();
export type RecommendRequest = z.infer<typeof RecommendRequestSchema>;
export type BatchRequest = z.infer<typeof BatchRequestSchema>;
export type SimilarRequest = z.infer<typeof SimilarRequestSchema>;
