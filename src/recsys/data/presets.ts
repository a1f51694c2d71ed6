/**
 * Input presets: where each canonical field lives in a shop's CSV export. Shopee and Hasaki are built in; the
 * generic preset reads the same mapping from YAML.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { UserError } from "../../lib/errors.js";

export const REVIEW_FIELDS = ["user_id", "product_id", "rating", "date", "time", "text"] as const;
export const PRODUCT_FIELDS = [
  "product_id",
  "name",
  "brand",
  "type",
  "price",
  "avg_star",
  "num_sold",
  "description",
  "skin_type",
  "ingredient",
  "feature",
  "capacity",
  "origin",
  "variants",
] as const;
export type ReviewField = (typeof REVIEW_FIELDS)[number];
export type ProductField = (typeof PRODUCT_FIELDS)[number];

/** rating is optional: a log of clicks or purchases without one is implicit feedback (every row a positive). */
const REQUIRED_REVIEW: ReviewField[] = ["user_id", "product_id", "date"];
const REQUIRED_PRODUCT: ProductField[] = ["product_id", "name"];

export const SegmentationSchema = z
  .object({
    minInteractions: z.number().int().min(1).default(2),
    positiveRating: z.number().min(1).max(5).default(4),
    minItemPositives: z.number().int().min(0).default(5),
    /** latest_positive: hold out each trainable user's latest positive event; latest: their latest event. */
    holdout: z.enum(["latest_positive", "latest"]).default("latest_positive"),
    /** Trainable users need at least one positive event (off for protocols that hold out any latest event). */
    requirePositive: z.boolean().default(true),
  })
  .strict();
export type SegmentationConfig = z.infer<typeof SegmentationSchema>;

const TableSchema = <F extends string>(fields: readonly F[]) =>
  z
    .object({
      files: z.array(z.string().min(1)).min(1),
      columns: z.partialRecord(z.enum(fields as unknown as [F, ...F[]]), z.string().min(1)),
    })
    .strict();

export const PresetSchema = z
  .object({
    name: z.string().default("generic"),
    reviews: TableSchema(REVIEW_FIELDS),
    /** optional for the generic preset: without it the catalogue is the log's product ids */
    products: TableSchema(PRODUCT_FIELDS).optional(),
    attributes: TableSchema(PRODUCT_FIELDS).optional(),
    /** How to read ambiguous dates such as 3/1/2020. */
    dateOrder: z.enum(["dmy", "mdy"]).default("dmy"),
    segmentation: SegmentationSchema.default(SegmentationSchema.parse({})),
  })
  .strict();
export type Preset = z.infer<typeof PresetSchema>;

export const PRESETS: Record<"shopee" | "hasaki", Preset> = {
  shopee: PresetSchema.parse({
    name: "shopee",
    reviews: {
      files: ["data_reviews_purchase.csv", "data_reviews_purchase_example.csv"],
      columns: {
        user_id: "user_id",
        product_id: "product_id",
        rating: "rating",
        date: "cmt_date",
        text: "processed_comment",
      },
    },
    products: {
      files: ["data_product.csv"],
      columns: {
        product_id: "product_id",
        name: "product_name",
        brand: "brand",
        type: "type",
        price: "price",
        avg_star: "avg_star",
        num_sold: "num_sold_time",
        description: "processed_description",
        skin_type: "skin_kind",
      },
    },
    attributes: {
      files: ["data_product_attribute.csv"],
      columns: {
        product_id: "product_id",
        ingredient: "ingredient",
        feature: "feature",
        skin_type: "skin_type",
        capacity: "capacity",
        brand: "brand",
        origin: "origin",
      },
    },
    dateOrder: "dmy",
    segmentation: { minItemPositives: 5, holdout: "latest_positive" },
  }),
  // Hasaki's protocol: every user with >= 2 events holds out their last event, and the full catalogue is ranked.
  hasaki: PresetSchema.parse({
    name: "hasaki",
    reviews: {
      files: ["Danh_gia.csv"],
      columns: {
        user_id: "ma_khach_hang",
        product_id: "ma_san_pham",
        rating: "so_sao",
        date: "ngay_binh_luan",
        time: "gio_binh_luan",
        text: "noi_dung_binh_luan",
      },
    },
    products: {
      files: ["San_pham.csv"],
      columns: {
        product_id: "ma_san_pham",
        name: "ten_san_pham",
        price: "gia_ban",
        description: "mo_ta",
        avg_star: "diem_trung_binh",
        variants: "phan_loai",
      },
    },
    dateOrder: "dmy",
    segmentation: { minItemPositives: 0, holdout: "latest", requirePositive: false },
  }),
};

export class PresetError extends UserError {}

export function loadPreset(name: string, mappingFile?: string): Preset {
  if (name === "shopee" || name === "hasaki") return PRESETS[name];
  if (name !== "generic") throw new PresetError(`unknown preset "${name}" (use shopee, hasaki or generic)`);
  if (!mappingFile) throw new PresetError("the generic preset needs --mapping <file.yaml>");
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(mappingFile, "utf8"));
  } catch (e) {
    throw new PresetError(`${mappingFile}: cannot read YAML mapping: ${(e as Error).message.split("\n")[0]}`);
  }
  const parsed = PresetSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new PresetError(`${mappingFile}: ${issue?.path.join(".") || "(root)"}: ${issue?.message}`);
  }
  for (const f of REQUIRED_REVIEW) {
    if (!parsed.data.reviews.columns[f])
      throw new PresetError(`${mappingFile}: reviews.columns.${f} is required`);
  }
  for (const f of parsed.data.products ? REQUIRED_PRODUCT : []) {
    if (!parsed.data.products?.columns[f])
      throw new PresetError(`${mappingFile}: products.columns.${f} is required`);
  }
  return parsed.data;
}

/** The first of a table's candidate files that exists in the input folder. */
export function resolveTableFile(
  dir: string,
  files: string[],
  table: string,
  optional = false,
): string | undefined {
  if (!existsSync(dir))
    throw new PresetError(`${dir}: no such folder (--input names the folder holding the shop's files)`);
  if (!statSync(dir).isDirectory())
    throw new PresetError(
      `${dir}: is a file; --input names the folder that holds it (the ${table} file is one of ${files.join(", ")})`,
    );
  for (const f of files) {
    const p = join(dir, f);
    if (existsSync(p)) return p;
  }
  if (optional) return undefined;
  throw new PresetError(`${dir}: no ${table} file (looked for ${files.join(", ")})`);
}
