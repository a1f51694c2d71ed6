/** Model comparison output: flat metric records, a markdown table, a terminal table and an SVG chart. */
import Table from "cli-table3";
import { groupedBarChart } from "../../lib/svg-chart.js";
import type { EvalResult } from "./metrics.js";

export type FlatMetrics = Record<string, number>;

/** A group's HR, or "n/a (0 users)" when the group is empty: a 0.0000 there would read as a measured zero. */
export function groupHr(g: { users: number; hr: number }, fmt: (x: number) => string): string {
  return g.users > 0 ? fmt(g.hr) : "n/a (0 users)";
}

export function flattenMetrics(r: EvalResult): FlatMetrics {
  const k = r.k;
  const g = r.groups;
  return {
    [`hr@${k}`]: g.all.hr,
    [`recall@${k}`]: g.all.recall,
    [`ndcg@${k}`]: g.all.ndcg,
    [`map@${k}`]: g.all.map,
    [`hr@${k}_se`]: g.all.hr_se,
    [`ndcg@${k}_se`]: g.all.ndcg_se,
    [`hr@${k}_trainable`]: g.trainable.hr,
    [`ndcg@${k}_trainable`]: g.trainable.ndcg,
    [`hr@${k}_cold`]: g.cold.hr,
    [`ndcg@${k}_cold`]: g.cold.ndcg,
    users: g.all.users,
    users_trainable: g.trainable.users,
    users_cold: g.cold.users,
    coverage: r.coverage,
    diversity: r.diversity,
    novelty: r.novelty,
  };
}

export interface ComparedModel {
  id: string;
  type: string;
  result: EvalResult;
}

const f3 = (x: number) => x.toFixed(3);

function row(m: ComparedModel): string[] {
  const g = m.result.groups;
  return [
    m.type,
    m.id,
    `${f3(g.all.hr)} ± ${f3(g.all.hr_se)}`,
    f3(g.all.recall),
    `${f3(g.all.ndcg)} ± ${f3(g.all.ndcg_se)}`,
    f3(g.all.map),
    groupHr(g.trainable, f3),
    groupHr(g.cold, f3),
    f3(m.result.coverage),
    f3(m.result.diversity),
    m.result.novelty.toFixed(2),
  ];
}

const HEAD = [
  "model",
  "id",
  "HR@10",
  "Recall@10",
  "NDCG@10",
  "MAP@10",
  "HR@10 trainable",
  "HR@10 cold",
  "coverage",
  "diversity",
  "novelty",
];

export function comparisonMarkdown(models: ComparedModel[], title: string): string {
  const lines = [
    `## ${title}`,
    "",
    `| ${HEAD.join(" | ")} |`,
    `|${HEAD.map((_, i) => (i < 2 ? "---" : "---:")).join("|")}|`,
  ];
  for (const m of models) lines.push(`| ${row(m).join(" | ")} |`);
  const g = models[0]?.result.groups;
  if (g) {
    lines.push(
      "",
      `Users: ${g.all.users} (trainable ${g.trainable.users}, cold ${g.cold.users}); ± is one standard error.`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export function comparisonTable(models: ComparedModel[]): string {
  const t = new Table({ head: HEAD.filter((h) => h !== "id"), style: { head: [], border: [] } });
  for (const m of models) t.push(row(m).filter((_, i) => i !== 1));
  return t.toString();
}

export function comparisonChart(models: ComparedModel[], title: string): string {
  const max = Math.max(
    0.05,
    ...models.flatMap((m) => [m.result.groups.all.hr, m.result.groups.trainable.hr, m.result.groups.cold.hr]),
  );
  const top = Math.ceil(max * 10) / 10;
  return groupedBarChart(
    title,
    ["HR@10 all", "HR@10 trainable", "HR@10 cold"],
    models.map((m) => ({
      label: m.type,
      values: [m.result.groups.all.hr, m.result.groups.trainable.hr, m.result.groups.cold.hr],
    })),
    top,
  );
}
