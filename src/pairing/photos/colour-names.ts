/** sRGB → CIE Lab (D65) and a name for a Lab colour in the vision step's hyphenated style ("dark-green"). */
export type Lab = [L: number, a: number, b: number];

function linear(c: number): number {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
}

const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t) / 116 + 16 / 116);

export function srgbToLab(r: number, g: number, b: number): Lab {
  const R = linear(r);
  const G = linear(g);
  const B = linear(b);
  const x = (0.4124564 * R + 0.3575761 * G + 0.1804375 * B) / 0.95047;
  const y = 0.2126729 * R + 0.7151522 * G + 0.072175 * B;
  const z = (0.0193339 * R + 0.119192 * G + 0.9503041 * B) / 1.08883;
  const fy = f(y);
  return [116 * fy - 16, 500 * (f(x) - fy), 200 * (fy - f(z))];
}

/** CIE76 distance: good enough to separate a product from a wall and to cluster colours. */
export function labDistance(p: Lab, q: Lab): number {
  const d0 = p[0] - q[0];
  const d1 = p[1] - q[1];
  const d2 = p[2] - q[2];
  return Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
}

/** Hue names by angle in the a*b* plane (degrees), checked in order. */
const HUES: [maxDeg: number, name: string][] = [
  [20, "pink"],
  [45, "red"],
  [70, "orange"],
  [100, "yellow"],
  [160, "green"],
  [200, "teal"],
  [290, "blue"],
  [330, "purple"],
  [360, "pink"],
];

/**
 * A name the engine's colour families understand. Chroma below ~12 is achromatic (white, grey, black);
 * dark warm colours are brown, pale warm ones beige; "dark-"/"light-" mark the lightness extremes.
 */
export function nameColour(lab: Lab): string {
  const [L, a, b] = lab;
  const chroma = Math.hypot(a, b);
  if (chroma < 12) {
    if (L > 88) return "white";
    if (L > 75) return "off-white";
    if (L > 55) return "light-gray";
    if (L > 30) return "gray";
    if (L > 18) return "dark-gray";
    return "black";
  }
  const deg = ((Math.atan2(b, a) * 180) / Math.PI + 360) % 360;
  let hue = HUES.find(([max]) => deg < max)?.[1] ?? "pink";
  if ((hue === "orange" || hue === "yellow" || hue === "red") && L < 45 && chroma < 45) hue = "brown";
  if ((hue === "orange" || hue === "yellow") && L > 70 && chroma < 30) hue = "beige";
  if (hue === "yellow" && L < 70 && chroma < 60) hue = "gold";
  if (L < 30) return `dark-${hue}`;
  if (L > 80 && chroma < 30) return `light-${hue}`;
  return hue;
}
