/**
 * The processing report `prepare` writes (JSON and markdown): what was read, dropped, rejected and kept, and the
 * refusal of a split that leaves nothing to train or to test on.
 */
import { basename } from "node:path";
import type { OutlierReport } from "./clean.js";
import { type DataStats, DatasetError } from "./dataset.js";
import type { SegmentationConfig } from "./presets.js";

export interface ReportedIssue {
  file: string;
  line: number;
  column: string;
  value: string;
  reason: string;
}

export interface ProcessingReport {
  preset: string;
  input: string;
  files: { reviews: string; products: string; attributes?: string };
  /** how the date column was read (calendar dates, Unix seconds or milliseconds, sequence integers) */
  timestamps: string;
  /** explicit ratings, or implicit feedback and what was done with it */
  feedback: string;
  steps: { step: string; rows: number; note?: string }[];
  dropped: Record<string, number>;
  rejectedRows: { file: string; line: number; error: string }[];
  issues: ReportedIssue[];
  outliers: OutlierReport;
  segmentation: SegmentationConfig & { filterRounds: number; droppedItems: number };
  stats: DataStats;
  seconds: number;
}

/**
 * A dataset with no training rows, no trainable user or no test user can only fail later (in `train`, or with a
 * model "evaluated" on nobody). Say instead, in one line, which step or setting emptied it; the caller leaves any
 * previous output alone.
 */
export function refuseEmpty(report: ProcessingReport, reviewsFile: string): void {
  const training = report.steps.find((s) => s.step.startsWith("training rows"));
  const s = report.stats;
  const seg = report.segmentation;
  if (training && training.rows === 0) {
    const emptied = report.steps.find((x) => x.rows === 0) ?? training;
    throw new DatasetError(
      `${reviewsFile}: nothing left to train on after "${emptied.step}"` +
        `${emptied.note ? ` (${emptied.note})` : ""}; ${report.steps[0]!.rows} rows were read. ` +
        `With little data, lower --min-item-positives (now ${seg.minItemPositives}) or --min-interactions (now ${seg.minInteractions}).`,
    );
  }
  if (s.trainable_users > 0 && s.test_users > 0) return;
  const ratings = Object.keys(s.rating_histogram).map(Number);
  const positives = ratings.filter((r) => r >= seg.positiveRating);
  const cause =
    seg.requirePositive && positives.length === 0
      ? `no rating reaches --positive-rating ${seg.positiveRating} (ratings seen: ${ratings.join(", ")}), and --require-positive needs one per trainable user; lower --positive-rating or pass --no-require-positive`
      : `no user has --min-interactions ${seg.minInteractions} events${seg.requirePositive ? ` with one rated ${seg.positiveRating} or more` : ""}; lower --min-interactions${seg.requirePositive ? " or pass --no-require-positive" : ""}`;
  throw new DatasetError(
    `${reviewsFile}: the split leaves ${s.trainable_users} trainable and ${s.test_users} test users: ${cause}.`,
  );
}

export function renderReportMarkdown(r: ProcessingReport): string {
  const lines: string[] = [];
  lines.push(
    `# Processing report (${r.preset})`,
    "",
    `Input: \`${r.input}\` (${r.seconds.toFixed(2)} s)`,
    "",
  );
  lines.push(`Timestamps: ${r.timestamps}. Feedback: ${r.feedback}.`, "");
  lines.push("| step | rows | note |", "|---|---:|---|");
  for (const s of r.steps) lines.push(`| ${s.step} | ${s.rows} | ${s.note ?? ""} |`);
  lines.push("", "## Dropped rows", "", "| reason | rows |", "|---|---:|");
  for (const [k, v] of Object.entries(r.dropped)) lines.push(`| ${k} | ${v} |`);
  if (r.rejectedRows.length > 0) {
    lines.push("", "## Unparseable rows", "", "| file | line | error |", "|---|---:|---|");
    for (const x of r.rejectedRows.slice(0, 50))
      lines.push(`| ${basename(x.file)} | ${x.line} | ${x.error} |`);
  }
  if (r.issues.length > 0) {
    lines.push(
      "",
      "## Examples of dropped rows",
      "",
      "| file | line | column | value | reason |",
      "|---|---:|---|---|---|",
    );
    for (const x of r.issues)
      lines.push(
        `| ${basename(x.file)} | ${x.line} | ${x.column} | \`${x.value.replace(/\|/g, "\\|")}\` | ${x.reason} |`,
      );
  }
  const s = r.stats;
  lines.push("", "## Dataset", "");
  lines.push(
    `- users ${s.users}, items ${s.items} (of ${s.catalogue_products} products), interactions ${s.interactions}, events ${s.events}`,
  );
  lines.push(
    `- trainable users ${s.trainable_users}, users with one event ${s.cold_users}, test users ${s.test_users}, validation users ${s.val_users}`,
  );
  lines.push(`- copies merged across variant SKUs: ${s.merged_copies}`);
  lines.push(
    `- ratings: ${JSON.stringify(s.rating_histogram)}; density ${s.density.toExponential(2)}; ${s.time_range.first.slice(0, 10)} .. ${s.time_range.last.slice(0, 10)}`,
  );
  const o = r.outliers;
  lines.push("", "## Outliers (reported, not dropped)", "");
  lines.push(
    `- users above max(20, 3 x p99 = ${o.userRowsP99}) rows: ${o.heavyUsers.length ? o.heavyUsers.map((u) => `${u.user} (${u.rows})`).join(", ") : "none"}`,
  );
  lines.push(
    `- one review spread over >= 5 SKUs: ${o.burstEvents.length ? o.burstEvents.map((b) => `${b.user} @ ${b.minute} (${b.products})`).join(", ") : "none"}`,
  );
  lines.push(`- top product share of rows: ${(o.topProductShare * 100).toFixed(1)} %`);
  return `${lines.join("\n")}\n`;
}
