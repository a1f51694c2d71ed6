import { fold, foldText, withinOneEditOfAny } from "../../lib/text.js";
import type { ImageRecord, Role } from "../input.js";
import { LABEL_HEADING_KINDS, MIN_HEADING_WORD } from "../text/label-words.js";
import { batchLexicon, type Lexicon, perBatch } from "../text/lexicon.js";
import { TokenSet } from "../text/token-set.js";
import { findBarcodes } from "./barcode/barcode.js";
import { type BrandKey, brandKey, brandOnMakerLine, PrintedText } from "./brand/brand.js";
import { type CaptureKey, captureKey, splitUrl } from "./capture-order/filename.js";
import { type CategoryDomain, domainCode, fieldsDomain, nameDomain } from "./category/category.js";
import { appearanceOf, captureTimeKey } from "./colour/appearance.js";
import { type ColourFamily, colourCode, colourFamily, colourMask } from "./colour/colour.js";
import {
  BACK_TEXT,
  extraOutsideQuotes,
  type LabelCues,
  quotedPassages,
  readDescription,
  readLabel,
} from "./cues/index.js";
import { hasIngredientList, type IngredientCues, ingredientCuesOf } from "./ingredients/ingredients.js";
import { type Packaging, packagingCode } from "./packaging/packaging.js";
import { parseFoldedQuantities, parseQuantities, type Quantity } from "./size/size.js";

/** What the engine decides an image shows, from the vision role and the photo's own cues. */
export type EffectiveRole = "front" | "back" | "extra" | "nonproduct" | "multi";

export interface ImageFeatures {
  url: string;
  index: number;
  visionRole: Role;
  role: EffectiveRole;
  /** > 0 leans back, < 0 leans front: vision prior plus text and description cues */
  backLean: number;
  brand: BrandKey | null;
  brandLabel: string;
  /**
   * the vision step read no brand, or one taken as misread (`inferBrandsFromText`); the engine found this batch's
   * brand in the photo's own text
   */
  brandFromText: boolean;
  /** the brand field is a name the label prints on its maker or distributor line ("Distributed by …") */
  brandIsMaker: boolean;
  product: string;
  variant: string;
  size: string;
  category: string;
  /** the batch's lexicon: every token list below holds its word ids */
  lex: Lexicon;
  /** distinctive tokens of the product field (brand words and filler removed) */
  productTokens: number[];
  /** the product tokens its label text, or a name its description quotes, also shows (all when it shows no text) */
  productTokensShown: number[];
  variantTokens: number[];
  /**
   * distinctive words naming the product: the product and variant fields plus, for short label text (hero
   * text on a front), the text itself. The vision step's product field is often wrong; the hero text rarely is.
   */
  nameTokens: number[];
  /** every token the photo shows: product, variant, label text, quoted names in the description */
  allTokens: TokenSet;
  /** the label text's words and quoted names run together, skeletonised, with `allTokens`: brands are searched for in it */
  printed: PrintedText;
  quantities: Quantity[];
  packaging: Packaging | null;
  /** shape, closure and material words of the description, as a `lookMask` */
  lookLo: number;
  lookHi: number;
  colour: ColourFamily | null;
  colours: Set<ColourFamily>;
  /** the scorer's small-integer forms of packaging, colour, colours named and domain (`packagingCode` …) */
  packagingCode: number;
  colourCode: number;
  coloursMask: number;
  domainCode: number;
  /** colour signature from our photo analyser (null for vision-model records) */
  appearance: Float64Array | null;
  domain: CategoryDomain | null;
  ingredients: IngredientCues;
  barcodes: string[];
  folder: string;
  capture: CaptureKey | null;
  /** the vision step listed a side-panel cue ("narrow vertical panel") among its evidence (a "back" or "other" with one is an extra) */
  sideCue: boolean;
  /** described as a close-up, a partial or angled view, or the outer box: how a re-take of a front looks */
  closeView: boolean;
  /** filled in by the engine: dense rank in capture order */
  captureRank: number | null;
}

const UNIDENTIFIED = /^(unidentified item|unknown|n\/a|none|)$/i;
/**
 * Kinds of back-of-pack text the label shows: directions, warnings, maker, nutrition facts, codes (`BACK_TEXT`).
 * A kind whose headings are also looked up word by word (`headings`, LABEL_HEADING_KINDS read with an OCR slip
 * allowed, see label-words.ts) counts when either finds it.
 */
function backTextKinds(kinds: number, headings: number): number {
  if ((headings & LABEL_HEADING_KINDS.directions) !== 0) kinds |= BACK_TEXT.directions;
  if ((headings & LABEL_HEADING_KINDS.warnings) !== 0) kinds |= BACK_TEXT.warnings;
  if ((headings & LABEL_HEADING_KINDS.maker) !== 0) kinds |= BACK_TEXT.maker;
  let n = 0;
  for (; kinds !== 0; kinds &= kinds - 1) n++;
  return n;
}

const sidePanelCue = perBatch((trigger) => readDescription(foldText(trigger)).sidePanel);
const brandKeyOf = perBatch(brandKey);
const colourOf = perBatch(colourFamily);
const sizeQuantities = perBatch(parseQuantities);
/** keyed by the category's length, a colon, the category and then its path */
const domainOfFields = perBatch((key) => {
  const colon = key.indexOf(":");
  const end = colon + 1 + Number(key.slice(0, colon));
  return fieldsDomain(key.slice(colon + 1, end), key.slice(end));
});
const domainOfName = perBatch(nameDomain);

/** Cues read once per image; everything the signals need later is precomputed here. */
export function extractFeatures(rec: ImageRecord): ImageFeatures {
  const g = rec.group;
  const ins = rec.insight;
  const brandLabel = g?.brand ?? "Unknown";
  const product = g && !UNIDENTIFIED.test(g.product.trim()) ? g.product : "";
  const category = g?.category ?? "Unknown";
  const lex = batchLexicon();
  const b = brandKeyOf(lex, brandLabel);
  const brandToks = b ? lex.scan(brandLabel) : [];
  const notBrand = (id: number) => lex.length(id) < 2 || !brandToks.includes(id);
  const productTokens = lex.distinct(
    lex.scan(product),
    (id) => lex.length(id) >= 2 && notBrand(id) && !lex.isFiller(id),
  );
  const variantTokens = lex.distinct(
    lex.scan(g?.variant ?? ""),
    (id) => lex.length(id) >= 2 && !lex.isFiller(id),
  );
  const text = ins.textExtracted;
  const desc = ins.visualDescription;
  const quoted = quotedPassages(desc);
  // the label text is split and skeletonised once; every token set below reuses it
  const ftext = fold(text);
  const fdesc = fold(desc);
  const textSk = lex.scanFolded(ftext);
  const quotedSk = lex.scan(quoted);
  // marks: the label's words, then the quoted words the label lacks
  const inText = lex.newMark();
  for (const id of textSk) lex.mark(id, inText);
  const inQuotes = lex.newMark();
  for (const id of quotedSk) if (lex.markOf(id) !== inText) lex.mark(id, inQuotes);
  const shown = (id: number) => lex.markOf(id) === inText || lex.markOf(id) === inQuotes;
  const productTokensShown =
    textSk.length === 0 && quotedSk.length === 0 ? productTokens : productTokens.filter(shown);
  const labelShowsProductWord = productTokens.some((id) => lex.markOf(id) === inText);
  const allTokens = new TokenSet(
    lex,
    productTokens.length + variantTokens.length + textSk.length + quotedSk.length,
  );
  for (const id of productTokens) allTokens.add(id);
  for (const id of variantTokens) allTokens.add(id);
  for (const id of textSk) if (lex.length(id) >= 2) allTokens.add(id);
  for (const id of quotedSk) if (lex.length(id) >= 2) allTokens.add(id);
  const heroSk = text.length <= 300 ? [...textSk, ...quotedSk] : quotedSk;
  const nameTokens = lex.distinct(
    [...productTokens, ...variantTokens, ...heroSk],
    (id) => lex.length(id) >= 2 && notBrand(id) && !lex.isFiller(id) && !lex.isDigits(id),
  );
  const label = readLabel(ftext);
  const seen = readDescription(fdesc);
  let headings = 0;
  for (const id of textSk) if (lex.length(id) >= MIN_HEADING_WORD) headings |= lex.headingKinds(id);
  const ingredients = ingredientCuesOf(
    ftext,
    (headings & LABEL_HEADING_KINDS.ingredients) !== 0 || label.heading,
    label.inciHits,
  );
  const barcodes = findBarcodes(text);
  const parts = splitUrl(rec.url);

  // back lean: the vision role is a prior; the label's own text decides when they disagree
  const prior = { front: -0.8, back: 0.8, side: 0.2, other: 0 }[ins.role];
  let cues = 0;
  if (hasIngredientList(ingredients)) cues += 1.5;
  else if (ingredients.heading) cues += 0.6;
  if (barcodes.length > 0) cues += 0.8;
  if (text.length > 300) cues += 0.6;
  const backDesc = seen.backDesc;
  const frontDesc = seen.frontDesc;
  if (backDesc) cues += 0.7;
  if (frontDesc) cues -= 1.2;
  const backTextHits = backTextKinds(label.backTextKinds, headings);
  if (text.length > 0 && text.length < 160 && backTextHits === 0 && !hasIngredientList(ingredients))
    cues -= 1.0;
  cues += 0.5 * backTextHits;
  const backLean = prior + cues;

  // the vision step's evidence names a side panel ("narrow vertical panel")
  const sideCue = ins.evidenceTriggers.some((t) => sidePanelCue(lex, t));
  const brandKnown = b !== null;
  const hasProduct = product.length > 0;
  const packaging = seen.packaging;
  const textQuantities = parseFoldedQuantities(ftext, label.servingCue);
  let role: EffectiveRole;
  const extraDesc = seen.extraDesc;
  const extraShot = !frontDesc && extraDesc;
  // our photo analyser marks photos that show a product (a legible label, or an object held up to the
  // camera) even when it read neither brand nor name
  const labelled = (ins as Record<string, unknown>).productShown === true;
  if (!backDesc && seen.multi) role = "multi";
  else if (
    !labelled &&
    !brandKnown &&
    !hasProduct &&
    backLean < 0.9 &&
    (!extraShot || seen.nonProduct) &&
    !labelNamesAProduct(label, textQuantities, barcodes)
  )
    role = "nonproduct";
  else if (!labelled && seen.nonProduct && packaging === null && !brandKnown) role = "nonproduct";
  // a photo the vision step called a back (or "other") while its own cues name a narrow side panel shows a
  // side panel, which carries back-of-pack text (directions, warnings) but is not the back. Called a side, the
  // cue only repeats the written role, which is wrong for some backs.
  else if (
    seen.sidePanel ||
    (seen.partialView && backLean < 1.5) ||
    (sideCue && (ins.role === "back" || ins.role === "other"))
  )
    role = "extra";
  // a detail shot may show the brand; only a view that also shows the product's name can be a front or back
  else if (
    extraShot &&
    backLean < 1.5 &&
    !(brandKnown && (labelShowsProductWord || labelShowsWithOneSlip(lex, productTokens, textSk)))
  )
    role = "extra";
  else if (backLean > 0.05) role = "back";
  else if (backLean < -0.05) role = "front";
  else if (ins.role === "front" || ins.role === "back") role = ins.role;
  else role = "extra";

  const colour = colourOf(lex, ins.dominantColor);
  // a back often has no category; its directions still say what it is for ("hair", "cheveux", "rambut")
  const domain =
    domainOfFields(lex, `${(g?.category ?? "").length}:${g?.category ?? ""}${g?.categoryPath ?? ""}`) ??
    domainOfName(lex, product) ??
    label.domain;
  return {
    url: rec.url,
    index: rec.index,
    visionRole: ins.role,
    role,
    backLean,
    brand: b,
    brandLabel,
    brandFromText: false,
    // a front carrying a brand is never its maker (keepMakersNoFrontShows): only other photos are read
    brandIsMaker: b !== null && role !== "front" && brandOnMakerLine(ftext, b, label.makerLine),
    product,
    variant: g?.variant ?? "",
    size: g?.size ?? "",
    category,
    lex,
    productTokens,
    productTokensShown,
    variantTokens,
    nameTokens,
    allTokens,
    printed: new PrintedText(lex.compact(textSk) + lex.compact(quotedSk), allTokens),
    quantities: [...sizeQuantities(lex, g?.size ?? ""), ...textQuantities],
    packaging,
    lookLo: seen.lookLo,
    lookHi: seen.lookHi,
    colour,
    colours: seen.colours,
    packagingCode: packagingCode(packaging),
    colourCode: colourCode(colour),
    coloursMask: colourMask(seen.colours),
    domainCode: domainCode(domain),
    appearance: appearanceOf(ins),
    domain,
    ingredients,
    barcodes,
    folder: parts.folder,
    // the camera's own clock beats a name: renamed files keep their EXIF time
    capture: captureTimeKey(ins) ?? captureKey(parts.stem),
    captureRank: null,
    sideCue,
    // read outside quotes: a quoted product name ("Texture Experience") says nothing of the view
    closeView: packaging === "box" || (quoted === "" ? extraDesc : extraOutsideQuotes(fdesc, seen)),
  };
}

/**
 * Whether a photo's label text says it shows a product, whatever its brand and name fields say: a net content
 * ("250ML", "10.1 FL OZ"), a barcode, or what the product is for (hair, face, teeth, a supplement facts panel).
 * The vision step may read neither brand nor name off a product, and may call its front a back; without this a
 * photo of a labelled bottle became a non-product (52 and 58 product photos on two all-ten-knobs copies of dev,
 * 14 and 16 with it; each copy's 152 real non-products stay so). A candle jar or a board game's box names none.
 */
function labelNamesAProduct(
  label: LabelCues,
  quantities: readonly Quantity[],
  barcodes: readonly string[],
): boolean {
  return quantities.length > 0 || barcodes.length > 0 || label.domain !== null;
}

/**
 * Whether the label shows one of the words with one OCR slip, in words of five letters or more: the vision
 * step's product field is read apart from the label text, and a slip in either ("Parumé" / "PARFUMÉ") must not
 * turn a front into a detail shot. (The words it shows exactly are found with the label's marks.)
 */
function labelShowsWithOneSlip(lex: Lexicon, tokens: readonly number[], textSk: readonly number[]): boolean {
  const label = lex.wordsOf(textSk);
  return tokens.some((id) => lex.length(id) >= 5 && withinOneEditOfAny(lex.words[id], label));
}
