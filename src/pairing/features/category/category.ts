import { tableByCode } from "../../../lib/code-table.js";
import { foldText } from "../../../lib/text.js";

export const CATEGORY_DOMAINS = [
  "hair",
  "skin",
  "makeup",
  "oral",
  "body",
  "fragrance",
  "nail",
  "supplement",
  "food",
  "baby",
  "household",
] as const;

export type CategoryDomain = (typeof CATEGORY_DOMAINS)[number];

/** Most specific first; the first domain whose words appear wins. */
const RULES: [CategoryDomain, RegExp][] = [
  [
    "supplement",
    /supplement|vitamin|capsule|softgel|protein|whey|probiotic|collagen powder|nutrition|gumm(y|ies)|multivitamin|herbal|omega|electrolyte|creatine|pre-?workout/,
  ],
  [
    "food",
    /\bfood|snack|grocery|beverage|drink|coffee|\btea\b|candy|chocolate|cereal|sauce|spice|pantry|nut butter|peanut|cookie|biscuit/,
  ],
  ["oral", /oral|tooth|dental|mouthwash|dentifrice|gigi/],
  [
    "hair",
    /hair|shampoo|conditioner|scalp|cheveux|coiff|haar|rambut|keratin|creambath|styling|hair ?spray|pomade/,
  ],
  ["nail", /\bnail|manicure|vernis/],
  ["fragrance", /fragrance|perfume|parfum|cologne|eau de toilette|eau de parfum|body mist/],
  [
    "makeup",
    /makeup|make-up|maquillage|lipstick|mascara|foundation|concealer|eyeshadow|blush|\blip\b|powder|bb cream|cushion/,
  ],
  ["baby", /\bbaby|bebe|infant|diaper/],
  [
    "skin",
    /skin|face|facial|serum|moistur|cream|lotion|cleanser|toner|\bmask|sunscreen|spf|visage|peau|wajah|gesicht|anti-?age|acne|peeling|exfoli/,
  ],
  ["body", /body|bath|shower|soap|deodorant|savon|sabun|hand wash|gel douche|massage oil/],
  ["household", /household|cleaning|laundry|detergent|dish/],
];

const GENERIC =
  /^(unknown|health ?& ?beauty|beauty|health|personal care|beauty ?& ?personal care|other|misc.*|general|products?)$/;

/** Domain of a photo from its category fields, falling back to the product name. */
export function categoryDomain(category: string, categoryPath: string, product = ""): CategoryDomain | null {
  return fieldsDomain(category, categoryPath) ?? nameDomain(product);
}

/** Domain of the category fields alone: the category, the last step of its path, then the whole path. */
export function fieldsDomain(category: string, categoryPath: string): CategoryDomain | null {
  const cat = foldText(category).trim();
  const path = foldText(categoryPath).trim();
  return domainOf(cat) ?? domainOf(path.split(">").pop()?.trim() ?? "") ?? domainOf(path);
}

/** Domain a product's name says. */
export function nameDomain(product: string): CategoryDomain | null {
  return domainOf(foldText(product));
}

function domainOf(folded: string): CategoryDomain | null {
  if (!folded || GENERIC.test(folded)) return null;
  for (const [d, re] of RULES) if (re.test(folded)) return d;
  return null;
}

const INGESTIBLE = new Set<CategoryDomain>(["supplement", "food"]);
const TOPICAL = new Set<CategoryDomain>([
  "hair",
  "skin",
  "makeup",
  "body",
  "fragrance",
  "nail",
  "baby",
  "oral",
]);
/** Pairs of topical domains that one product almost never straddles. */
const HARD_TOPICAL = new Set([
  "hair|oral",
  "oral|hair",
  "oral|makeup",
  "makeup|oral",
  "nail|hair",
  "hair|nail",
]);

/**
 * -1 a real conflict (hair vs supplement), -0.3 a soft one (hair vs skin), +0.3 agreement, 0 unknown or no
 * telling (baby vs any other topical domain).
 */
export function categoryAgreement(a: CategoryDomain | null, b: CategoryDomain | null): number {
  if (!a || !b) return 0;
  if (a === b) return 0.3;
  if ((INGESTIBLE.has(a) && TOPICAL.has(b)) || (INGESTIBLE.has(b) && TOPICAL.has(a))) return -1;
  if (HARD_TOPICAL.has(`${a}|${b}`)) return -1;
  // "baby" names who a product is for, not what it is: a baby wipe's back may read "body", its shampoo "hair"
  if ((a === "baby" && TOPICAL.has(b)) || (b === "baby" && TOPICAL.has(a))) return 0;
  if (INGESTIBLE.has(a) && INGESTIBLE.has(b)) return 0;
  return -0.3;
}

/** Hair and cosmetics get the lower autoHair* thresholds. */
export function isHairOrCosmetic(d: CategoryDomain | null): boolean {
  return d === "hair" || d === "skin" || d === "makeup" || d === "body" || d === "fragrance" || d === "nail";
}

/**
 * Cues in label text (directions, facts panels) that say what a product is for, when no category was read: the
 * first domain whose words the text shows. "hair", "face" and "skin" count as words of their own, "haar" at
 * a word's start; the rest anywhere.
 */
export const TEXT_DOMAIN_WORDS: readonly [CategoryDomain, readonly string[]][] = [
  [
    "supplement",
    [
      "supplement facts",
      "serving size",
      "dietary supplement",
      "suplemen",
      "nahrungserganzung",
      "complement alimentaire",
    ],
  ],
  ["food", ["nutrition facts", "valeurs nutritionnelles", "nahrwerte", "informasi nilai gizi"]],
  ["oral", ["toothpaste", "dentifrice", "brush teeth", "brossez", "sikat gigi", "mouthwash"]],
  ["hair", ["hair", "cheveux", "rambut", "haar", "shampoo", "scalp", "keramas", "cuir chevelu"]],
  ["skin", ["face", "visage", "wajah", "skin", "peau", "kulit", "gesicht"]],
];

/** A domain as a small integer: 0 for none, else its place in CATEGORY_DOMAINS plus one. */
export function domainCode(d: CategoryDomain | null): number {
  return d === null ? 0 : CATEGORY_DOMAINS.indexOf(d) + 1;
}

/** `categoryAgreement` of two `domainCode`s, for the scorer's hot path. */
export const categoryAgreementOfCodes = tableByCode(CATEGORY_DOMAINS, categoryAgreement);
