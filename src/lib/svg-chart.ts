import { escapeMarkup } from "./text.js";

/** A small grouped bar chart as standalone SVG (no dependencies), for bench reports. */
export interface BarGroup {
  label: string;
  values: number[];
}

export function groupedBarChart(title: string, series: string[], groups: BarGroup[], max = 1): string {
  const colours = ["#2b6cb0", "#dd6b20", "#38a169", "#805ad5"];
  const barW = 18;
  const gap = 48;
  const groupW = series.length * barW + gap;
  const left = 44;
  const top = 40;
  const h = 220;
  const width = left + groups.length * groupW + 20;
  const height = top + h + 70;
  const y = (v: number) => top + h - (Math.max(0, Math.min(max, v)) / max) * h;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<title>${escapeMarkup(title)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="white"/>`);
  out.push(`<text x="${left}" y="18" font-size="14" font-weight="bold">${escapeMarkup(title)}</text>`);
  for (let t = 0; t <= 5; t++) {
    const v = (max * t) / 5;
    out.push(`<line x1="${left}" x2="${width - 10}" y1="${y(v)}" y2="${y(v)}" stroke="#e2e8f0"/>`);
    out.push(`<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end">${v.toFixed(max < 1 ? 2 : 1)}</text>`);
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * groupW + gap / 2;
    g.values.forEach((v, si) => {
      const x = x0 + si * barW;
      out.push(
        `<rect x="${x}" y="${y(v)}" width="${barW - 2}" height="${top + h - y(v)}" fill="${colours[si % colours.length]}"><title>${escapeMarkup(`${g.label} ${series[si]}: ${v.toFixed(3)}`)}</title></rect>`,
      );
      out.push(
        `<text x="${x + (barW - 2) / 2}" y="${y(v) - 3}" text-anchor="middle" font-size="8">${v.toFixed(2)}</text>`,
      );
    });
    out.push(
      `<text x="${x0 + (series.length * barW) / 2}" y="${top + h + 14}" text-anchor="middle">${escapeMarkup(g.label)}</text>`,
    );
  });
  series.forEach((s, si) => {
    const x = left + si * 210;
    out.push(
      `<rect x="${x}" y="${top + h + 32}" width="10" height="10" fill="${colours[si % colours.length]}"/>`,
    );
    out.push(`<text x="${x + 14}" y="${top + h + 41}">${escapeMarkup(s)}</text>`);
  });
  out.push("</svg>");
  return `${out.join("\n")}\n`;
}
