/**
 * Line numbers of CSV records. DuckDB returns rows without their position, and quoted fields may span lines, so
 * when a report needs "line N" we scan the file once, honouring quotes, to find where each record starts.
 */
import { readFileSync } from "node:fs";

/** 1-based line on which each data record (header excluded) starts. */
export function recordStartLines(file: string): number[] {
  const buf = readFileSync(file);
  const starts: number[] = [];
  let line = 1;
  let inQuote = false;
  let recordStart = 1;
  let header = true;
  let empty = true;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (c === 0x22) inQuote = !inQuote;
    if (c === 0x0a) {
      if (!inQuote) {
        if (header) header = false;
        else if (!empty) starts.push(recordStart);
        recordStart = line + 1;
        empty = true;
      }
      line++;
      continue;
    }
    if (c !== 0x0d) empty = false;
  }
  if (!header && !empty) starts.push(recordStart);
  return starts;
}

export interface LineMap {
  /** File line of DuckDB's 0-based result row (rejected records are not in the result). */
  ofRow(row: number): number;
  /** File line of a record DuckDB rejected; DuckDB numbers records, header = 1, not physical lines. */
  ofReject(duckLine: number): number;
}

export function csvLineMap(file: string, rejectedDuckLines: readonly number[]): LineMap {
  const starts = recordStartLines(file);
  const rejected = new Set(rejectedDuckLines.map((l) => l - 2));
  const kept = starts.filter((_, i) => !rejected.has(i));
  return {
    ofRow: (row) => kept[row] ?? -1,
    ofReject: (duckLine) => starts[duckLine - 2] ?? duckLine,
  };
}
