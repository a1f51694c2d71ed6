/**
 * The regular expressions the engine read its text cues with before the cue automata (`src/pairing/cues/`),
 * kept verbatim as the definition the automata must reproduce. Every function here takes folded text.
 */
import type { ColourFamily } from "../../../src/pairing/features/colour/colour.js";

const BACK_TEXT_KINDS: RegExp[] = [
  /directions?|how to use|mode d'emploi|conseils? d'utilisation|utilisation|gebrauchsanweisung|anwendung|cara pakai|cara penggunaan|suggested use|modo de uso/,
  /warnings?|caution|precautions?|attention|warnhinweis|peringatan|perhatian|avertissement|keep out of reach/,
  /distributed|distribue|manufactured|fabrique|hergestellt|diproduksi|dibuat|made in|imported by|importe|vertrieb|marketed by/,
  /supplement facts|nutrition facts|serving size|valeurs nutritionnelles|nahrwert|informasi nilai gizi/,
  /bpom|reg\.? no|no\. reg|lot|batch|exp|best before|www\.|\.com/,
].map((re) => new RegExp(`\\b(?:${re.source})\\b`));
const BACK_DESC =
  /dense|small font|fine print|ingredients? list|rear view|back label|back panel|back of|barcode|nutrition|supplement facts|directions for use|distributor/;
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
const HEADING =
  /\b(ingredients?|ingr[eé]dients?|composition|inci|zutaten|inhaltsstoffe|komposisi|bahan|ingredientes|ingredienti|thanh phan|supplement facts|nutrition facts|other ingredients)\b/;
const INCI_RE =
  /aqua|water|glycerin|parfum|fragrance|sodium|cetearyl|alcohol|dimethicone|tocopheryl|phenoxyethanol|citric acid|peg-|glycol|benzoate|sorbate|lauryl|laureth|stearate|extract|butyrospermum|panthenol|xanthan|carbomer|edta|ci 77|limonene|linalool|cocamidopropyl|polysorbate|niacinamide|hyaluronate|magnesium|titanium dioxide/g;
const MAKER_LINE =
  /\b(?:distributed|distribue|distribuido|manufactured|fabrique|hergestellt|vertrieb|diproduksi|dibuat|didistribusikan|dipasarkan|imported|importe|marketed|made for|produced)\b/;
const SERVING_CUE =
  /(scoop|serving size|per serving|portion|takaran|1 capsule|1 tablet|2 capsules|2 tablets)/;
const TEXT_RULES: [string, RegExp][] = [
  [
    "supplement",
    /supplement facts|serving size|dietary supplement|suplemen|nahrungserganzung|complement alimentaire/,
  ],
  ["food", /nutrition facts|valeurs nutritionnelles|nahrwerte|informasi nilai gizi/],
  ["oral", /toothpaste|dentifrice|brush teeth|brossez|sikat gigi|mouthwash/],
  ["hair", /\bhair\b|cheveux|rambut|\bhaar|shampoo|scalp|keramas|cuir chevelu/],
  ["skin", /\bface\b|visage|wajah|\bskin\b|peau|kulit|gesicht/],
];
const PACKAGING: [string, RegExp][] = [
  ["dropper-bottle", /\bdropper\b|\bpipette\b|\bserum bottle\b/],
  ["pump-bottle", /\bpump\b|\bairless\b|\bdispenser\b/],
  ["spray", /\bspray bottle\b|\baerosol\b|\bmist\b|\batomi[sz]er\b/],
  ["can", /\b(?:aerosol|tin|metal|spray) can\b|\bcan\b(?! be\b)|\bcanister\b/],
  ["tube", /\btube\b/],
  ["jar", /\bjar\b|\btub\b|\bpot\b/],
  ["pouch", /\bpouch\b|\bbag\b|\bstand-up\b|\bresealable\b/],
  ["sachet", /\bsachet\b|\bpacket\b/],
  ["stick", /\bstick\b|\blipstick\b|\bdeodorant stick\b/],
  ["compact", /\bcompact\b|\bpalette\b/],
  ["blister", /\bblister\b/],
  ["tin", /\btin\b/],
  ["box", /\bbox\b|\bcarton\b|\bpackage\b/],
  ["bottle", /\bbottle\b|\bflacon\b|\bvial\b/],
];
const ANY_PACKAGING = new RegExp(PACKAGING.map(([, re]) => `(${re.source})`).join("|"));

/** What the description cues were, read the old way. */
export function describeByRegex(
  fdesc: string,
  lookWords: ReadonlySet<string>,
  colourNames: Map<string, ColourFamily>,
) {
  const m = ANY_PACKAGING.exec(fdesc);
  const off = fdesc.includes("off") ? fdesc.replace(/off[\s-]?white/g, "offwhite") : fdesc;
  const colours = new Set<ColourFamily>();
  for (const w of off.split(/[^a-z]+/)) {
    const fam = colourNames.get(w);
    if (fam) colours.add(fam);
  }
  const look = new Set<string>();
  for (const w of fdesc.split(/[^a-z-]+/)) if (lookWords.has(w)) look.add(w);
  return {
    backDesc: BACK_DESC.test(fdesc.replace(NEGATED_CLAUSE, " ")),
    frontDesc: FRONT_DESC.test(fdesc),
    extraDesc: EXTRA_DESC.test(fdesc),
    extraOutsideQuotes: EXTRA_DESC.test(fdesc.replace(QUOTED, " ")),
    sidePanel: SIDE_PANEL.test(fdesc),
    partialView: PARTIAL_VIEW.test(fdesc),
    multi: MULTI_DESC.test(fdesc),
    nonProduct: NONPRODUCT_DESC.test(fdesc),
    packaging: m ? PACKAGING[m.findIndex((g, i) => i > 0 && g !== undefined) - 1][0] : null,
    look,
    colours,
  };
}

/** What the label-text cues were, read the old way. */
export function readLabelByRegex(ftext: string) {
  let kinds = 0;
  BACK_TEXT_KINDS.forEach((re, k) => {
    if (re.test(ftext)) kinds |= 1 << k;
  });
  const inci = new Set<string>();
  for (const m of ftext.matchAll(INCI_RE)) inci.add(m[0]);
  return {
    backTextKinds: kinds,
    heading: HEADING.test(ftext),
    inciHits: inci.size,
    domain: TEXT_RULES.find(([, re]) => re.test(ftext))?.[0] ?? null,
    makerLine: MAKER_LINE.test(ftext),
    servingCue: SERVING_CUE.test(ftext),
  };
}

/** The engine's former quoted-name reading: every passage of 2 to 80 characters between quotes, joined by spaces. */
export function quotedPassagesByRegex(description: string): string {
  return description.includes("'")
    ? [...description.matchAll(/'([^']{2,80})'/g)].map((m) => m[1]).join(" ")
    : "";
}
