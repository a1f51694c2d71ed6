/**
 * npm run bench:pairing-noisy — a harsher copy of the labelled dev batches, to see whether the engine's
 * accuracy holds up beyond dev's own noise (the unseen set is promised "harsher noise"). Each photo's label
 * text gets extra OCR-style character errors, some photos lose half their vision cues, and a few get a random
 * role; on request (--field-ocr, --blank-backs) the vision step's brand and product fields are misread too, or
 * lost on more backs; (--colour-drift, --pack-drift, --front-brands) photos other than fronts report another
 * colour or name their container differently, and fronts lose their brand; (--sibling-backs,
 * --distributor-backs) backs carry the name of another product of their brand, or a distributor's name read off
 * their fine print. The copy (with the truth files and the bench's score.py, which stay outside the repo) is
 * written to --out, then scored by the accuracy bench. Seeded: the same seed writes the same batches.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { writeJsonAtomic } from "../../src/lib/fs.js";
import { Rng } from "../../src/lib/rng.js";
import { outputFolderOrExit, wholeNumberArgument } from "../args.js";

const program = new Command()
  .option("--dir <dir>", "bench folder", "../shared/pairing-bench/dev")
  .option(
    "--out <dir>",
    "where to write the noisy bench (a dev/ folder and score.py)",
    "/tmp/shelfwise-noisy-bench",
  )
  .option("--seed <n>", "random seed", "7")
  .option("--ocr <rate>", "extra character error rate in label text", "0.03")
  .option("--drop-cues <share>", "share of photos that lose half their vision cues", "0.3")
  .option("--flip-roles <share>", "share of photos given a random vision role", "0.05")
  .option("--field-ocr <rate>", "character error rate in the brand, product and variant fields", "0")
  .option(
    "--blank-backs <share>",
    "share of photos called a back that lose their brand and product fields",
    "0",
  )
  .option(
    "--colour-drift <share>",
    "share of photos not called a front whose dominant colour becomes a label, cap or background colour",
    "0",
  )
  .option(
    "--pack-drift <share>",
    "share of photos not called a front whose description names the container another way",
    "0",
  )
  .option("--front-brands <share>", "share of photos called a front whose brand is not read", "0")
  .option(
    "--sibling-backs <share>",
    "share of photos called a back whose product field names another product of their brand",
    "0",
  )
  .option(
    "--distributor-backs <share>",
    "share of photos called a back whose brand field is a distributor printed in their text",
    "0",
  )
  .option(
    "--variant-backs <share>",
    "share of photos called a back with a variant field that lose it, or (half of them, when their brand has one) read another variant of their brand",
    "0",
  );
program.parse();
const o = program.opts<{
  dir: string;
  out: string;
  seed: string;
  ocr: string;
  dropCues: string;
  flipRoles: string;
  fieldOcr: string;
  blankBacks: string;
  colourDrift: string;
  packDrift: string;
  frontBrands: string;
  siblingBacks: string;
  distributorBacks: string;
  variantBacks: string;
}>();
const num = (name: string, v: string) => {
  const x = Number(v);
  if (!Number.isFinite(x) || x < 0 || x > 1) {
    console.error(`error: --${name} must be a number between 0 and 1, got "${v}"`);
    process.exit(2);
  }
  return x;
};
const ocrRate = num("ocr", o.ocr);
const dropCues = num("drop-cues", o.dropCues);
const flipRoles = num("flip-roles", o.flipRoles);
const fieldOcr = num("field-ocr", o.fieldOcr);
const blankBacks = num("blank-backs", o.blankBacks);
const colourDrift = num("colour-drift", o.colourDrift);
const packDrift = num("pack-drift", o.packDrift);
const frontBrands = num("front-brands", o.frontBrands);
const siblingBacks = num("sibling-backs", o.siblingBacks);
const distributorBacks = num("distributor-backs", o.distributorBacks);
const variantBacks = num("variant-backs", o.variantBacks);
const seed = wholeNumberArgument(o.seed);
const dir = resolve(o.dir);
const scorer = resolve(dir, "..", "score.py");
if (!existsSync(dir) || !existsSync(scorer)) {
  console.log(
    `bench:pairing-noisy skipped: ${dir} or its score.py is not here (the bench lives in ../shared).`,
  );
  process.exit(0);
}
// made before any batch is read: a file in the way is one line and exit 2, not a stack trace
const out = outputFolderOrExit("--out", o.out);
const rng = new Rng(seed);
// the look-alikes OCR confuses on labels, plus dropped characters
const LOOKALIKE: Record<string, string> = { o: "0", l: "1", i: "l", s: "5", e: "c", a: "4", m: "rn", b: "8" };
const garble = (text: string, rate = ocrRate) => {
  let out = "";
  for (const ch of text) {
    const r = rng.next();
    const swap = LOOKALIKE[ch.toLowerCase()];
    if (r < rate && swap) out += swap;
    else if (r >= rate * 1.3) out += ch;
  }
  return out;
};
const ROLES = ["front", "back", "side", "other"] as const;
type Insight = {
  url: string;
  textExtracted: string;
  evidenceTriggers: string[];
  role: string;
  dominantColor: string;
  visualDescription: string;
};
// what a back, side or close-up shows instead of the product's colour: a white label, the cap, a hand, the table
const DRIFT_COLOURS = ["white", "off-white", "cream", "light-gray", "black", "beige", "silver"];
// the same container named another way; longer names first so "pump bottle" is not read as "bottle"
const PACK_DRIFT: [RegExp, string][] = [
  [/\b(pump|dropper|spray) bottle\b/gi, "bottle"],
  [/\bbottle\b/gi, "container"],
  [/\bjar\b/gi, "tub"],
  [/\btub\b/gi, "pot"],
  [/\bpouch\b/gi, "bag"],
  [/\bbox\b/gi, "carton"],
  [/\btube\b/gi, "squeeze tube"],
  [/\bcan\b/gi, "tin"],
];
// made-up distributors without a legal form, so the engine's company-name rule cannot recognise them
const DISTRIBUTORS = [
  "Mitra Beauty Distribusi",
  "Nordic Care Supply",
  "Beaute Diffusion",
  "Kosmetik Vertrieb Nord",
  "Global Health Partners",
  "Sun Coast Imports",
];
const driftPack = (desc: string) => {
  for (const [re, to] of PACK_DRIFT) {
    const out = desc.replace(re, to);
    if (out !== desc) return out;
  }
  return desc;
};
type Group = { brand: string; product: string; variant: string; images: string[] };

const outDev = outputFolderOrExit("--out", join(out, "dev"));
copyFileSync(scorer, join(out, "score.py"));
let photos = 0;
for (const f of readdirSync(dir)
  .filter((x) => x.endsWith(".analysis.json"))
  .sort()) {
  const a = JSON.parse(readFileSync(join(dir, f), "utf8")) as {
    groups: Group[];
    imageInsights: Insight[] | Record<string, Insight>;
  };
  const insights = Array.isArray(a.imageInsights) ? a.imageInsights : Object.values(a.imageInsights);
  for (const ins of insights) {
    photos++;
    ins.textExtracted = garble(ins.textExtracted);
    if (rng.next() < dropCues) ins.evidenceTriggers = ins.evidenceTriggers.filter(() => rng.next() < 0.5);
    if (rng.next() < flipRoles) ins.role = rng.pick(ROLES);
  }
  // every knob below draws from the generator only when set, so copies written without them stay as they were
  if (colourDrift > 0 || packDrift > 0) {
    for (const ins of insights) {
      if (ins.role === "front") continue;
      if (colourDrift > 0 && rng.next() < colourDrift) ins.dominantColor = rng.pick(DRIFT_COLOURS);
      if (packDrift > 0 && rng.next() < packDrift) ins.visualDescription = driftPack(ins.visualDescription);
    }
  }
  if (siblingBacks > 0 || distributorBacks > 0) {
    const insightOf = new Map(insights.map((i) => [i.url, i]));
    const byBrand = new Map<string, Group[]>();
    for (const g of a.groups) {
      const k = g.brand.toLowerCase();
      if (k === "unknown" || g.product === "Unidentified Item") continue;
      const same = byBrand.get(k);
      if (same) same.push(g);
      else byBrand.set(k, [g]);
    }
    for (const g of a.groups) {
      const ins = insightOf.get(g.images[0]);
      if (ins?.role !== "back" || g.brand === "Unknown") continue;
      if (siblingBacks > 0 && rng.next() < siblingBacks) {
        const others = (byBrand.get(g.brand.toLowerCase()) ?? []).filter((x) => x.product !== g.product);
        if (others.length > 0) g.product = rng.pick(others).product;
      }
      if (distributorBacks > 0 && rng.next() < distributorBacks) {
        g.brand = rng.pick(DISTRIBUTORS);
        ins.textExtracted += `\nDistributed by ${g.brand}`;
      }
    }
  }
  if (variantBacks > 0) {
    const roleOf = new Map(insights.map((i) => [i.url, i.role]));
    const variantsOf = new Map<string, string[]>();
    for (const g of a.groups) {
      if (!g.variant || g.brand === "Unknown") continue;
      const k = g.brand.toLowerCase();
      const known = variantsOf.get(k);
      if (!known) variantsOf.set(k, [g.variant]);
      else if (!known.includes(g.variant)) known.push(g.variant);
    }
    for (const g of a.groups) {
      if (!g.variant || roleOf.get(g.images[0]) !== "back" || rng.next() >= variantBacks) continue;
      const others = (variantsOf.get(g.brand.toLowerCase()) ?? []).filter((v) => v !== g.variant);
      g.variant = others.length > 0 && rng.next() < 0.5 ? rng.pick(others) : "";
    }
  }
  if (fieldOcr > 0 || blankBacks > 0 || frontBrands > 0) {
    const roleOf = new Map(insights.map((i) => [i.url, i.role]));
    for (const g of a.groups) {
      if (blankBacks > 0 && roleOf.get(g.images[0]) === "back" && rng.next() < blankBacks) {
        g.brand = "Unknown";
        g.product = "Unidentified Item";
      }
      if (frontBrands > 0 && roleOf.get(g.images[0]) === "front" && rng.next() < frontBrands)
        g.brand = "Unknown";
      if (fieldOcr > 0) {
        if (g.brand !== "Unknown") g.brand = garble(g.brand, fieldOcr);
        if (g.product !== "Unidentified Item") g.product = garble(g.product, fieldOcr);
        g.variant = garble(g.variant, fieldOcr);
      }
    }
  }
  writeJsonAtomic(join(outDev, f), a);
  const truth = f.replace(".analysis.json", ".truth.json");
  copyFileSync(join(dir, truth), join(outDev, truth));
}
console.log(
  `wrote ${photos} photos to ${outDev} (seed ${seed}, OCR errors ${ocrRate}, cues dropped on ${dropCues}, roles flipped on ${flipRoles}, field OCR errors ${fieldOcr}, backs blanked ${blankBacks}, colours drifted ${colourDrift}, containers renamed ${packDrift}, front brands lost ${frontBrands}, sibling names on backs ${siblingBacks}, distributors on backs ${distributorBacks}, back variants lost or swapped ${variantBacks}); scoring:`,
);
const r = spawnSync(process.execPath, ["--import", "tsx", "bench/pairing/accuracy.ts", "--dir", outDev], {
  stdio: "inherit",
});
process.exit(r.status ?? 1);
