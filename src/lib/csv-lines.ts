/**
 * Line numbers of CSV records. DuckDB returns rows without their position, and quoted fields may span lines, so
 * when a report needs "line N" we scan the file once, with the dialect DuckDB read it with, to find where each
 * record starts. A record DuckDB rejected is found by the byte offset DuckDB gives for it, not by its count of
 * records, which drifts from physical lines once quoting is broken.
 */
import { readFileSync } from "node:fs";

/** How a CSV file is split: one-byte delimiter, quote and escape ("" when the file has no quoting). */
export interface CsvDialect {
  delimiter: string;
  quote: string;
  escape: string;
}

export interface RecordStart {
  /** 1-based physical line */
  line: number;
  /** byte offset of the record's first byte */
  byte: number;
}

const NL = 0x0a;
const CR = 0x0d;

const byteOf = (s: string): number => (s.length === 1 ? s.charCodeAt(0) : -1);

/**
 * Where each data record (header excluded) starts, splitting as RFC 4180 does with the given dialect: a quote
 * opens a quoted field only at the start of a field (elsewhere it is a literal character), and inside one a
 * newline belongs to the field. Blank lines hold no record.
 */
export function recordStarts(buf: Uint8Array, dialect: CsvDialect): RecordStart[] {
  const delim = byteOf(dialect.delimiter);
  const quote = byteOf(dialect.quote);
  const escapeByte = byteOf(dialect.escape);
  const starts: RecordStart[] = [];
  let line = 1;
  let start: RecordStart = { line: 1, byte: 0 };
  let header = true;
  let empty = true;
  let fieldStart = true;
  let inQuote = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i]!;
    if (inQuote) {
      if (c === escapeByte && escapeByte !== quote && buf[i + 1] === quote) i++;
      else if (c === quote) {
        if (escapeByte === quote && buf[i + 1] === quote) i++;
        else inQuote = false;
      } else if (c === NL) line++;
      continue;
    }
    if (c === NL) {
      if (!empty) {
        if (header) header = false;
        else starts.push(start);
      }
      line++;
      start = { line, byte: i + 1 };
      empty = true;
      fieldStart = true;
      continue;
    }
    if (c === CR) continue;
    empty = false;
    if (c === quote && fieldStart) inQuote = true;
    fieldStart = c === delim;
  }
  if (!header && !empty) starts.push(start);
  return starts;
}

/** 1-based physical line holding byte `offset`. */
export function lineAtByte(buf: Uint8Array, offset: number): number {
  let line = 1;
  const end = Math.min(offset, buf.length);
  for (let i = 0; i < end; i++) if (buf[i] === NL) line++;
  return line;
}

export interface LineMap {
  /** File line of DuckDB's 0-based result row (rejected records are not in the result); -1 when unknown. */
  ofRow(row: number): number;
  /** File line where the record DuckDB rejected at byte offset `byte` starts. */
  ofReject(byte: number): number;
}

/** Index of the record holding byte `offset`: the last one starting at or before it (-1 before the first). */
function recordAt(starts: readonly RecordStart[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]!.byte <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Lines of a CSV file DuckDB read with `dialect`, returning `rows` rows and rejecting the records holding the
 * byte offsets `rejectBytes` (DuckDB's offset may point a byte into the record, so the record holding it counts).
 * When this scan and DuckDB disagree on how many records the file holds, kept rows get -1 rather than a line
 * that would point at the wrong record.
 */
export function csvLineMap(
  file: string,
  dialect: CsvDialect,
  rows: number,
  rejectBytes: readonly number[],
): LineMap {
  const buf = readFileSync(file);
  const starts = recordStarts(buf, dialect);
  const rejected = new Set(rejectBytes.map((b) => recordAt(starts, b)));
  const kept = starts.filter((_, i) => !rejected.has(i));
  const agrees = kept.length === rows;
  return {
    ofRow: (row) => (agrees ? (kept[row]?.line ?? -1) : -1),
    ofReject: (byte) => {
      const i = recordAt(starts, byte);
      return i >= 0 ? starts[i]!.line : lineAtByte(buf, byte);
    },
  };
}
