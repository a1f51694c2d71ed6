/**
 * Blind variants of a photo set, for measuring how well pairing does when order cannot help: random names,
 * no EXIF, and (since names are random) a shuffled order. JPEGs lose their EXIF/XMP segments byte for byte,
 * so the pixels are exactly the originals'; other formats are re-encoded without metadata.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import sharp from "sharp";
import { Rng } from "../../src/lib/rng.js";

/** The JPEG without its APP1 segments (EXIF and XMP); null when the bytes are not a JPEG we can walk. */
export function stripJpegExif(data: Buffer): Buffer | null {
  if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
  const parts: Buffer[] = [data.subarray(0, 2)];
  let i = 2;
  while (i + 4 <= data.length) {
    if (data[i] !== 0xff) return null;
    const marker = data[i + 1];
    if (marker === 0xda) {
      // start of scan: the entropy-coded image follows; keep the rest as it is
      parts.push(data.subarray(i));
      return Buffer.concat(parts);
    }
    const len = data.readUInt16BE(i + 2);
    if (len < 2 || i + 2 + len > data.length) return null;
    if (marker !== 0xe1) parts.push(data.subarray(i, i + 2 + len));
    i += 2 + len;
  }
  return null;
}

function randomName(rng: Rng): string {
  const abc = "abcdefghijklmnopqrstuvwxyz0123456789";
  let s = "";
  for (let k = 0; k < 10; k++) s += abc[rng.int(abc.length)];
  return s;
}

/** Copies `names` from `src` into `dest` under random names; returns original name → blind name. */
export async function makeBlindCopy(
  src: string,
  names: readonly string[],
  dest: string,
  seed: number,
): Promise<Map<string, string>> {
  mkdirSync(dest, { recursive: true });
  const rng = new Rng(seed);
  const map = new Map<string, string>();
  const used = new Set<string>();
  for (const name of names) {
    let blind = randomName(rng);
    while (used.has(blind)) blind = randomName(rng);
    used.add(blind);
    const ext = extname(name).toLowerCase();
    const target = `${blind}${ext}`;
    map.set(name, target);
    const data = readFileSync(join(src, name));
    const stripped = ext === ".jpg" || ext === ".jpeg" ? stripJpegExif(data) : null;
    if (stripped) writeFileSync(join(dest, target), stripped);
    else if (ext === ".png" || ext === ".webp") {
      // sharp writes no metadata unless asked to
      await sharp(data).toFile(join(dest, target));
    } else copyFileSync(join(src, name), join(dest, target));
  }
  return map;
}
