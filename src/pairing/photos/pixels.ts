/**
 * What the pixels of one photo say, read with sharp: a colour signature of the product (not of the wall or
 * table behind it), a perceptual hash, the foreground's shape, and a greyscale copy for OCR.
 */
import sharp, { type Sharp } from "sharp";
import { type Lab, labDistance, nameColour, srgbToLab } from "./colour-names.js";

/** Lab histogram bins: lightness × a × b. Coarse on purpose, so shade drift between photos stays in a bin. */
const L_BINS = 4;
const A_BINS = 5;
const B_BINS = 5;
export const HIST_BINS = L_BINS * A_BINS * B_BINS;
const SIG_SIDE = 96;
/** long side of the image OCR reads */
const OCR_SIDE = 1800;

export interface ColourSignature {
  /** up to four dominant foreground colours, largest share first */
  dominant: { lab: Lab; share: number; name: string }[];
  /** foreground-weighted Lab histogram (L 4 × a 5 × b 5 bins), sums to 1 */
  hist: number[];
}

/** One greyscale rendering for OCR: the whole frame reads hero text best, the enlarged product box fine print. */
export interface OcrView {
  image: Buffer;
  height: number;
  /** share of the photo's height this view covers, so text sizes compare across views */
  frameShare: number;
}

export interface PixelFacts {
  width: number;
  height: number;
  signature: ColourSignature;
  /** 64-bit DCT perceptual hash, hex */
  phash: string;
  /** foreground bounding box height / width; tall packs (bottles, tubes) read > 1.4 */
  aspect: number;
  /** share of the border ring that is near-white: studio shots sit on white, phone shots on a wall */
  whiteBorder: number;
  /** the product's box in the photo, as fractions of width and height */
  box: { left: number; top: number; width: number; height: number };
}

/** Everything pixel-based from one file (EXIF orientation applied to every view). Throws on unreadable images. */
export async function readPixels(data: Buffer): Promise<{ facts: PixelFacts; ocrViews: OcrView[] }> {
  const base = sharp(data, { failOn: "error" }).rotate();
  const meta = await base.metadata();
  const rotated = (meta.orientation ?? 1) >= 5;
  const small = await base
    .clone()
    .resize(SIG_SIDE, SIG_SIDE, { fit: "inside" })
    .removeAlpha()
    .toColourspace("srgb")
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { signature, aspect, whiteBorder, box } = colourSignature(
    small.data,
    small.info.width,
    small.info.height,
  );
  const phash = await perceptualHash(base.clone());
  const full = await base
    .clone()
    .resize(OCR_SIDE, OCR_SIDE, { fit: "inside", withoutEnlargement: true })
    .greyscale()
    .normalise()
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  // and the product's box alone, enlarged: fine print on a hand-held pack is a few pixels high otherwise
  const W = (rotated ? meta.height : meta.width) ?? 0;
  const H = (rotated ? meta.width : meta.height) ?? 0;
  const crop = {
    left: Math.max(0, Math.floor((box.left - 0.04) * W)),
    top: Math.max(0, Math.floor((box.top - 0.04) * H)),
    width: 0,
    height: 0,
  };
  crop.width = Math.max(1, Math.min(W - crop.left, Math.ceil((box.width + 0.08) * W)));
  crop.height = Math.max(1, Math.min(H - crop.top, Math.ceil((box.height + 0.08) * H)));
  const ocr = await base
    .clone()
    .extract(crop)
    .resize(OCR_SIDE, OCR_SIDE, { fit: "inside" })
    .greyscale()
    .normalise()
    .png({ compressionLevel: 1 })
    .toBuffer({ resolveWithObject: true });
  return {
    facts: {
      width: W,
      height: H,
      signature,
      phash,
      aspect,
      whiteBorder,
      box,
    },
    ocrViews: [
      { image: full.data, height: full.info.height, frameShare: 1 },
      { image: ocr.data, height: ocr.info.height, frameShare: H > 0 ? crop.height / H : 1 },
    ],
  };
}

/**
 * Foreground weights: distance from the background colour (the median of the border ring) times a centre
 * prior, since a seller holds the product in the middle of the frame.
 */
export function colourSignature(
  rgb: Uint8Array | Buffer,
  w: number,
  h: number,
): { signature: ColourSignature; aspect: number; whiteBorder: number; box: PixelFacts["box"] } {
  const n = w * h;
  const labs = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const [L, a, b] = srgbToLab(rgb[i * 3], rgb[i * 3 + 1], rgb[i * 3 + 2]);
    labs[i * 3] = L;
    labs[i * 3 + 1] = a;
    labs[i * 3 + 2] = b;
  }
  const ring = Math.max(1, Math.round(Math.min(w, h) * 0.06));
  const border: Lab[] = [];
  let white = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (x >= ring && x < w - ring && y >= ring && y < h - ring) continue;
      const i = y * w + x;
      const p: Lab = [labs[i * 3], labs[i * 3 + 1], labs[i * 3 + 2]];
      border.push(p);
      if (p[0] > 92 && Math.abs(p[1]) < 4 && Math.abs(p[2]) < 6) white++;
    }
  }
  const bg = medianLab(border);
  const weights = new Float64Array(n);
  let minX = w;
  let maxX = -1;
  let minY = h;
  let maxY = -1;
  for (let y = 0; y < h; y++) {
    const dy = (y + 0.5) / h - 0.5;
    for (let x = 0; x < w; x++) {
      const dx = (x + 0.5) / w - 0.5;
      const i = y * w + x;
      const d = labDistance([labs[i * 3], labs[i * 3 + 1], labs[i * 3 + 2]], bg);
      const fg = Math.min(1, Math.max(0, (d - 10) / 15));
      const centre = Math.exp(-(dx * dx + dy * dy) / (2 * 0.28 * 0.28));
      weights[i] = fg * centre;
      if (fg >= 1 && centre > 0.3) {
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
    }
  }
  const hist = new Float64Array(HIST_BINS);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const wt = weights[i];
    if (wt <= 0) continue;
    hist[histBin(labs[i * 3], labs[i * 3 + 1], labs[i * 3 + 2])] += wt;
    total += wt;
  }
  if (total === 0) {
    // nothing stands out from the background (a flat or blank photo): describe the whole frame
    for (let i = 0; i < n; i++) hist[histBin(labs[i * 3], labs[i * 3 + 1], labs[i * 3 + 2])] += 1;
    total = n;
    weights.fill(1);
  }
  const round4 = (x: number) => Math.round(x * 10000) / 10000;
  return {
    signature: {
      dominant: dominantColours(labs, weights, 4).map((c) => ({
        lab: c.lab.map((v) => Math.round(v * 10) / 10) as Lab,
        share: round4(c.share),
        name: nameColour(c.lab),
      })),
      hist: Array.from(hist, (v) => round4(v / total)),
    },
    aspect: maxX > minX ? round4((maxY - minY + 1) / (maxX - minX + 1)) : 1,
    whiteBorder: round4(white / border.length),
    box:
      maxX > minX && maxY > minY
        ? {
            left: round4(minX / w),
            top: round4(minY / h),
            width: round4((maxX - minX + 1) / w),
            height: round4((maxY - minY + 1) / h),
          }
        : { left: 0, top: 0, width: 1, height: 1 },
  };
}

function histBin(L: number, a: number, b: number): number {
  const l = Math.min(L_BINS - 1, Math.max(0, Math.floor((L / 100) * L_BINS)));
  const ai = Math.min(A_BINS - 1, Math.max(0, Math.floor(((a + 50) / 100) * A_BINS)));
  const bi = Math.min(B_BINS - 1, Math.max(0, Math.floor(((b + 50) / 100) * B_BINS)));
  return (l * A_BINS + ai) * B_BINS + bi;
}

function medianLab(ps: Lab[]): Lab {
  const med = (k: 0 | 1 | 2) => {
    const v = ps.map((p) => p[k]).sort((x, y) => x - y);
    return v[Math.floor(v.length / 2)] ?? 0;
  };
  return [med(0), med(1), med(2)];
}

/**
 * Weighted k-means in Lab, seeded deterministically (heaviest pixel, then farthest-first), so the same photo
 * always gives the same colours.
 */
export function dominantColours(
  labs: Float64Array,
  weights: Float64Array,
  k: number,
): { lab: Lab; share: number }[] {
  const n = weights.length;
  const at = (i: number): Lab => [labs[i * 3], labs[i * 3 + 1], labs[i * 3 + 2]];
  const idx: number[] = [];
  for (let i = 0; i < n; i++) if (weights[i] > 0.05) idx.push(i);
  if (idx.length === 0) return [];
  let heaviest = idx[0];
  for (const i of idx) if (weights[i] > weights[heaviest]) heaviest = i;
  const centres: Lab[] = [at(heaviest)];
  while (centres.length < k) {
    let best = -1;
    let bestD = 0;
    for (const i of idx) {
      const p = at(i);
      let d = Number.POSITIVE_INFINITY;
      for (const c of centres) d = Math.min(d, labDistance(p, c));
      if (d * weights[i] > bestD) {
        bestD = d * weights[i];
        best = i;
      }
    }
    if (best < 0 || bestD < 1e-6) break;
    centres.push(at(best));
  }
  const assign = new Int32Array(n);
  const mass = new Float64Array(centres.length);
  for (let iter = 0; iter < 8; iter++) {
    const sums = centres.map(() => [0, 0, 0]);
    mass.fill(0);
    for (const i of idx) {
      const p = at(i);
      let bc = 0;
      let bd = Number.POSITIVE_INFINITY;
      centres.forEach((c, j) => {
        const d = labDistance(p, c);
        if (d < bd) {
          bd = d;
          bc = j;
        }
      });
      assign[i] = bc;
      const wt = weights[i];
      mass[bc] += wt;
      sums[bc][0] += wt * p[0];
      sums[bc][1] += wt * p[1];
      sums[bc][2] += wt * p[2];
    }
    centres.forEach((c, j) => {
      if (mass[j] > 0) {
        c[0] = sums[j][0] / mass[j];
        c[1] = sums[j][1] / mass[j];
        c[2] = sums[j][2] / mass[j];
      }
    });
  }
  const total = mass.reduce((s, m) => s + m, 0) || 1;
  return centres
    .map((lab, j) => ({ lab, share: mass[j] / total }))
    .filter((c) => c.share > 0.01)
    .sort((x, y) => y.share - x.share);
}

/** Classic pHash: 32×32 greyscale, 2-D DCT, the 8×8 low frequencies against their median. */
async function perceptualHash(img: Sharp): Promise<string> {
  const px = await img.resize(32, 32, { fit: "fill" }).greyscale().raw().toBuffer();
  const N = 32;
  const cos = new Float64Array(N * 8);
  for (let u = 0; u < 8; u++)
    for (let x = 0; x < N; x++) cos[u * N + x] = Math.cos(((2 * x + 1) * u * Math.PI) / (2 * N));
  const coeffs: number[] = [];
  for (let u = 0; u < 8; u++) {
    for (let v = 0; v < 8; v++) {
      let s = 0;
      for (let y = 0; y < N; y++)
        for (let x = 0; x < N; x++) s += px[y * N + x] * cos[u * N + y] * cos[v * N + x];
      coeffs.push(s);
    }
  }
  const rest = coeffs.slice(1).sort((a, b) => a - b);
  const median = rest[Math.floor(rest.length / 2)];
  let hex = "";
  for (let i = 0; i < 64; i += 4) {
    let nibble = 0;
    for (let j = 0; j < 4; j++) nibble = (nibble << 1) | (coeffs[i + j] > median ? 1 : 0);
    hex += nibble.toString(16);
  }
  return hex;
}

/** Bits two perceptual hashes differ in (0 = the same picture, > 20 = unrelated). */
export function hammingHex(a: string, b: string): number {
  let d = 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    let x = Number.parseInt(a[i], 16) ^ Number.parseInt(b[i], 16);
    while (x) {
      d += x & 1;
      x >>= 1;
    }
  }
  return d;
}
