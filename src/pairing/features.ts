import { foldText, withinOneEditOfAny } from "../lib/text.js";
import type { ImageRecord, Role } from "./input.js";
import { batchLexicon, type Lexicon, TokenSet } from "./lexicon.js";
import { appearanceOf, captureTimeKey } from "./signals/appearance.js";
import { findBarcodes } from "./signals/barcode.js";
import { type BrandKey, brandKey, brandOnMakerLine } from "./signals/brand.js";
import { type CategoryDomain, categoryDomain, textDomain } from "./signals/category.js";
import { type ColourFamily, colourFamiliesIn, colourFamily } from "./signals/colour.js";
import { type CaptureKey, captureKey, splitUrl } from "./signals/filename.js";
import { hasIngredientList, type IngredientCues, ingredientCues } from "./signals/ingredients.js";
import { LABEL_HEADING_KINDS, MIN_HEADING_WORD } from "./signals/label-words.js";
import { lookWords } from "./signals/look.js";
import { detectPackaging, type Packaging } from "./signals/packaging.js";
import { parseQuantities, type Quantity } from "./signals/size.js";

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
  textCompact: string;
  quantities: Quantity[];
  packaging: Packaging | null;
  /** shape, closure and material words of the description */
  look: Set<string>;
  colour: ColourFamily | null;
  colours: Set<ColourFamily>;
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
 * Kinds of back-of-pack text: directions, warnings, maker, nutrition facts, codes. A kind whose headings are
 * also looked up word by word (`heading`, see label-words.ts) counts when either finds it.
 */
const BACK_TEXT_KINDS: { re: RegExp; heading: number }[] = [
  {
    re: /directions?|how to use|mode d'emploi|conseils? d'utilisation|utilisation|gebrauchsanweisung|anwendung|cara pakai|cara penggunaan|suggested use|modo de uso/,
    heading: LABEL_HEADING_KINDS.directions,
  },
  {
    re: /warnings?|caution|precautions?|attention|warnhinweis|peringatan|perhatian|avertissement|keep out of reach/,
    heading: LABEL_HEADING_KINDS.warnings,
  },
  {
    re: /distributed|distribue|manufactured|fabrique|hergestellt|diproduksi|dibuat|made in|imported by|importe|vertrieb|marketed by/,
    heading: LABEL_HEADING_KINDS.maker,
  },
  {
    re: /supplement facts|nutrition facts|serving size|valeurs nutritionnelles|nahrwert|informasi nilai gizi/,
    heading: 0,
  },
  { re: /bpom|reg\.? no|no\. reg|lot|batch|exp|best before|www\.|\.com/, heading: 0 },
].map(({ re, heading }) => ({ re: new RegExp(`\\b(?:${re.source})\\b`), heading }));

/** How many kinds of back-of-pack text the label shows; `headings` are those read with an OCR slip allowed. */
function backTextKinds(folded: string, headings: number): number {
  let kinds = 0;
  for (const { re, heading } of BACK_TEXT_KINDS) if ((headings & heading) !== 0 || re.test(folded)) kinds++;
  return kinds;
}
const BACK_DESC =
  /dense|small font|fine print|ingredients? list|rear view|back label|back panel|back of|barcode|nutrition|supplement facts|directions for use|distributor/;
/**
 * A clause that says what the photo does not show ("No visible barcode or ingredient list", the vision step's
 * stock line on fronts): its words must not count as back-of-pack cues. It runs to the end of the sentence.
 */
const NEGATED_CLAUSE = /\b(?:no|not|without) visible [^.;!?]*/g;
const FRONT_DESC =
  /prominently displayed|large centered|hero|no visible barcode|marketing badges|logo .* displayed|front label|front of/;
const PARTIAL_VIEW = /only part of|partially visible/;
const EXTRA_DESC =
  /close-?up|close view|at an angle|side panel|side view|narrow|underside|bottom of|base of|batch code|texture|swatch|smear|cap of|pump and neck|only part|partially visible|only a small logo/;
const QUOTED = /'[^']*'/g;
const SIDE_PANEL = /side panel|narrow vertical|text runs vertically/;
const MULTI_DESC =
  /\btwo identical\b|\bside by side\b|\bseveral (?:products|items|bottles|jars|tubes|units|different)\b|\bgroup of\b|\blot of\b|\bassorted\b|\bmultiple products\b|\bcollection of\b|\bthree\b|\bunits of\b/;
const NONPRODUCT_DESC =
  /no product packaging|\b(book|paperback|receipt|invoice|shipping label|packing slip|cable|charger|mug|cup|keys?|phone|laptop|desk lamp|plant|shoe|envelope|notebook|magazine|remote|wallet|sunglasses|toy|mailer)\b/;

/** Cues read once per image; everything the signals need later is precomputed here. */
export function extractFeatures(rec: ImageRecord): ImageFeatures {
  const g = rec.group;
  const ins = rec.insight;
  const brandLabel = g?.brand ?? "Unknown";
  const product = g && !UNIDENTIFIED.test(g.product.trim()) ? g.product : "";
  const b = brandKey(brandLabel);
  const lex = batchLexicon();
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
  const quoted = desc.includes("'") ? [...desc.matchAll(/'([^']{2,80})'/g)].map((m) => m[1]).join(" ") : "";
  // the label text is split and skeletonised once; every token set below reuses it
  const textSk = lex.scan(text);
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
  const ftext = foldText(text);
  const fdesc = foldText(desc);
  let headings = 0;
  for (const id of textSk) if (lex.length(id) >= MIN_HEADING_WORD) headings |= lex.headingKinds(id);
  const ingredients = ingredientCues(text, (headings & LABEL_HEADING_KINDS.ingredients) !== 0);
  const barcodes = findBarcodes(text);
  const parts = splitUrl(rec.url);

  // back lean: the vision role is a prior; the label's own text decides when they disagree
  const prior = { front: -0.8, back: 0.8, side: 0.2, other: 0 }[ins.role];
  let cues = 0;
  if (hasIngredientList(ingredients)) cues += 1.5;
  else if (ingredients.heading) cues += 0.6;
  if (barcodes.length > 0) cues += 0.8;
  if (text.length > 300) cues += 0.6;
  const backDesc = BACK_DESC.test(fdesc.replace(NEGATED_CLAUSE, " "));
  const frontDesc = FRONT_DESC.test(fdesc);
  if (backDesc) cues += 0.7;
  if (frontDesc) cues -= 1.2;
  const backTextHits = backTextKinds(ftext, headings);
  if (text.length > 0 && text.length < 160 && backTextHits === 0 && !hasIngredientList(ingredients))
    cues -= 1.0;
  cues += 0.5 * backTextHits;
  const backLean = prior + cues;

  const sideCue = ins.evidenceTriggers.some((t) => SIDE_PANEL.test(foldText(t)));
  const brandKnown = b !== null;
  const hasProduct = product.length > 0;
  const packaging = detectPackaging(desc);
  const textQuantities = parseQuantities(text);
  let role: EffectiveRole;
  const extraDesc = EXTRA_DESC.test(fdesc);
  const extraShot = !frontDesc && extraDesc;
  // our photo analyser marks photos that show a product (a legible label, or an object held up to the
  // camera) even when it read neither brand nor name
  const labelled = (ins as Record<string, unknown>).productShown === true;
  if (!backDesc && MULTI_DESC.test(fdesc)) role = "multi";
  else if (
    !labelled &&
    !brandKnown &&
    !hasProduct &&
    backLean < 0.9 &&
    (!extraShot || NONPRODUCT_DESC.test(fdesc)) &&
    !labelNamesAProduct(text, textQuantities, barcodes)
  )
    role = "nonproduct";
  else if (!labelled && NONPRODUCT_DESC.test(fdesc) && packaging === null && !brandKnown) role = "nonproduct";
  // a photo the vision step called a back (or "other") while its own cues name a narrow side panel shows a
  // side panel, which carries back-of-pack text (directions, warnings) but is not the back. Called a side, the
  // cue only repeats the written role, which is wrong for some backs.
  else if (
    SIDE_PANEL.test(fdesc) ||
    (PARTIAL_VIEW.test(fdesc) && backLean < 1.5) ||
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
    brandIsMaker: b !== null && role !== "front" && brandOnMakerLine(ftext, b),
    product,
    variant: g?.variant ?? "",
    size: g?.size ?? "",
    category: g?.category ?? "Unknown",
    lex,
    productTokens,
    productTokensShown,
    variantTokens,
    nameTokens,
    allTokens,
    textCompact: lex.compact(textSk) + lex.compact(quotedSk),
    quantities: [...parseQuantities(g?.size ?? ""), ...textQuantities],
    packaging,
    look: lookWords(desc),
    colour: colourFamily(ins.dominantColor),
    colours: colourFamiliesIn(desc),
    appearance: appearanceOf(ins),
    // a back often has no category; its directions still say what it is for ("hair", "cheveux", "rambut")
    domain: categoryDomain(g?.category ?? "", g?.categoryPath ?? "", product) ?? textDomain(text),
    ingredients,
    barcodes,
    folder: parts.folder,
    // the camera's own clock beats a name: renamed files keep their EXIF time
    capture: captureTimeKey(ins) ?? captureKey(parts.stem),
    captureRank: null,
    sideCue,
    // read outside quotes: a quoted product name ("Texture Experience") says nothing of the view
    closeView:
      packaging === "box" || (quoted === "" ? extraDesc : EXTRA_DESC.test(fdesc.replace(QUOTED, " "))),
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
  text: string,
  quantities: readonly Quantity[],
  barcodes: readonly string[],
): boolean {
  return quantities.length > 0 || barcodes.length > 0 || textDomain(text) !== null;
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
