/**
 * Synthetic product photos, drawn with sharp from SVG: a pack on a grey wall, a front with large brand and
 * name text, a back with small print (ingredients, directions, a facts panel). Names are random, there is no
 * EXIF, so only colour and text can pair them, as in a blind batch.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

export interface SynthProduct {
  brand: string;
  name: string;
  colour: string;
  backColour: string;
  backLines: string[];
  frontFile: string;
  backFile: string;
}

export const PRODUCTS: SynthProduct[] = [
  {
    brand: "GLOWMAX",
    name: "Night Serum",
    colour: "#6a2ca0",
    backColour: "#652a99",
    backLines: [
      "Ingredients: Aqua, Glycerin, Niacinamide,",
      "Sodium Hyaluronate, Tocopherol, Parfum.",
      "Directions: apply two drops to clean skin",
      "every evening. Warning: for external use.",
      "Distributed by GLOWMAX Labs, Austin TX",
      "www.glowmax.example  Made in USA",
    ],
    frontFile: "q81zt0.jpg",
    backFile: "m3kd9a.jpg",
  },
  {
    brand: "HERBAVIT",
    name: "Daily Greens",
    colour: "#1f7a3a",
    backColour: "#22803e",
    backLines: [
      "Supplement Facts",
      "Serving Size 1 scoop (10 g)",
      "Servings Per Container 30",
      "Spirulina 2 g, Chlorella 1 g, Wheatgrass 1 g",
      "Directions: mix one scoop with water daily.",
      "Keep out of reach of children.",
    ],
    frontFile: "zz1p0c.png",
    backFile: "a9vv2e.jpg",
  },
  {
    brand: "SUNKISS",
    name: "Mineral SPF 50",
    colour: "#e07a1f",
    backColour: "#d9761e",
    backLines: [
      "Ingredients: Zinc Oxide 20%, Aqua,",
      "Caprylic Triglyceride, Shea Butter.",
      "Directions: apply generously before sun",
      "exposure. Warning: avoid contact with eyes.",
      "Manufactured for SUNKISS Co, Miami FL",
      "Reapply after 80 minutes of swimming.",
    ],
    frontFile: "k2r7uw.webp",
    backFile: "b0x4nh.jpg",
  },
];

const W = 600;
const H = 800;

function svg(body: string, colour: string): Buffer {
  return Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#c8c8c8"/><rect x="150" y="120" width="300" height="560" fill="${colour}"/>${body}</svg>`,
  );
}

const text = (x: number, y: number, size: number, s: string) =>
  `<text x="${x}" y="${y}" font-size="${size}" font-family="DejaVu Sans, sans-serif" fill="white" text-anchor="middle">${s}</text>`;

export function frontSvg(p: SynthProduct): Buffer {
  return svg(text(300, 300, 46, p.brand) + text(300, 360, 30, p.name), p.colour);
}

export function backSvg(p: SynthProduct): Buffer {
  const lines = p.backLines.map((l, i) => text(300, 220 + i * 26, 12, l)).join("");
  return svg(lines, p.backColour);
}

async function write(path: string, data: Buffer): Promise<void> {
  const img = sharp(data);
  const out = path.endsWith(".png")
    ? img.png()
    : path.endsWith(".webp")
      ? img.webp()
      : img.jpeg({ quality: 92 });
  await out.toFile(path);
}

/** Writes the three products (6 photos) and, with `bad`, three files that cannot be read. */
export async function writeSyntheticSet(dir: string, bad = false): Promise<void> {
  mkdirSync(dir, { recursive: true });
  for (const p of PRODUCTS) {
    await write(join(dir, p.frontFile), frontSvg(p));
    await write(join(dir, p.backFile), backSvg(p));
  }
  if (bad) {
    writeFileSync(join(dir, "empty.jpg"), Buffer.alloc(0));
    writeFileSync(join(dir, "corrupt.jpg"), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    writeFileSync(join(dir, "notes.png"), "this is a text file, not a picture\n");
  }
}
