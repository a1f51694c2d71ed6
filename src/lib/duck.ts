/** Thin helpers over DuckDB: read CSV columns as text (with rejected rows), and read/write parquet tables. */
import { closeSync, openSync, readSync, renameSync, rmSync } from "node:fs";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { CsvDialect } from "./csv-lines.js";
import { UserError } from "./errors.js";

export class CsvEncodingError extends UserError {}

/**
 * CSV files are read as UTF-8. A UTF-16 file (a byte-order mark, or NUL bytes between its letters, as Excel's
 * "Unicode text" writes) would otherwise read as empty column names: say what it is instead.
 */
export function checkCsvEncoding(file: string): void {
  const head = Buffer.alloc(4096);
  const fd = openSync(file, "r");
  let n = 0;
  try {
    n = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const bytes = head.subarray(0, n);
  const bom16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (bom16 || bytes.includes(0))
    throw new CsvEncodingError(
      `${file}: the file is UTF-16 (or binary), not UTF-8 text; save it as "CSV UTF-8" and run again`,
    );
}

export async function openDuck(): Promise<DuckDBConnection> {
  const instance = await DuckDBInstance.create(":memory:");
  return instance.connect();
}

export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

export function sqlIdent(s: string): string {
  return `"${s.replace(/"/g, '""')}"`;
}

export interface CsvReject {
  /** DuckDB's record number (header = 1): not a physical line once a quoted field spans lines */
  line: number;
  /** byte offset of the line DuckDB found the error on: the way to its physical line (lib/csv-lines) */
  byte: number;
  column: string;
  error: string;
}

export interface CsvText {
  header: string[];
  columns: Record<string, (string | null)[]>;
  rows: number;
  rejects: CsvReject[];
  /** the dialect the file was read with */
  dialect: CsvDialect;
}

const CSV_OPTIONS = "all_varchar=true, header=true, ignore_errors=true";

/**
 * The dialect DuckDB detects for a file (with the options the read uses). The read is then given it explicitly, so
 * what DuckDB parsed and what lib/csv-lines scans for line numbers are the same.
 */
export async function sniffCsvDialect(con: DuckDBConnection, file: string): Promise<CsvDialect> {
  const r = await con.runAndReadAll(
    `SELECT Delimiter, Quote, Escape FROM sniff_csv(${sqlString(file)}, ${CSV_OPTIONS})`,
  );
  const row = (r.getRowObjectsJS()[0] ?? {}) as Record<string, unknown>;
  const char = (v: unknown, fallback: string) => {
    const s = typeof v === "string" ? v : fallback;
    return s === "(empty)" ? "" : s;
  };
  return { delimiter: char(row.Delimiter, ","), quote: char(row.Quote, '"'), escape: char(row.Escape, '"') };
}

/** Header of a CSV file as DuckDB sees it. */
export async function csvHeader(con: DuckDBConnection, file: string): Promise<string[]> {
  checkCsvEncoding(file);
  const r = await con.runAndReadAll(
    `SELECT * FROM read_csv(${sqlString(file)}, all_varchar=true, header=true, ignore_errors=true) LIMIT 0`,
  );
  return r.columnNames();
}

/**
 * The header row's cells exactly as written (DuckDB's own header renames a repeated name to `name_1` and an
 * empty one to `columnN`); empty for an empty file.
 */
export async function csvRawHeader(con: DuckDBConnection, file: string): Promise<(string | null)[]> {
  checkCsvEncoding(file);
  const r = await con.runAndReadAll(
    `SELECT * FROM read_csv(${sqlString(file)}, all_varchar=true, header=false, ignore_errors=true) LIMIT 1`,
  );
  return (r.getRowsJS()[0] ?? []) as (string | null)[];
}

/**
 * Reads the named columns of a CSV file as text. Rows DuckDB cannot parse (wrong field count, bad quoting) are
 * skipped and returned in `rejects` with their line, never thrown.
 */
export async function readCsvText(con: DuckDBConnection, file: string, wanted: string[]): Promise<CsvText> {
  const header = await csvHeader(con, file);
  const dialect = await sniffCsvDialect(con, file);
  await con.run("DROP TABLE IF EXISTS reject_errors; DROP TABLE IF EXISTS reject_scans;");
  const cols = wanted.map(sqlIdent).join(", ");
  const pinned = `delim=${sqlString(dialect.delimiter)}, quote=${sqlString(dialect.quote)}, escape=${sqlString(dialect.escape)}`;
  const r = await con.runAndReadAll(
    `SELECT ${cols} FROM read_csv(${sqlString(file)}, ${CSV_OPTIONS}, store_rejects=true, ${pinned})`,
  );
  const values = r.getColumnsJS() as (string | null)[][];
  const columns: Record<string, (string | null)[]> = {};
  wanted.forEach((w, i) => {
    columns[w] = values[i] ?? [];
  });
  const rej = await con.runAndReadAll(
    "SELECT line, line_byte_position, column_name, error_type, error_message FROM reject_errors ORDER BY line",
  );
  // DuckDB reports one reject per offending column; one per record is enough.
  const byLine = new Map<number, CsvReject>();
  for (const row of rej.getRowObjectsJS() as Record<string, unknown>[]) {
    const line = Number(row.line);
    if (!byLine.has(line))
      byLine.set(line, {
        line,
        byte: Number(row.line_byte_position),
        column: String(row.column_name ?? ""),
        error: String(row.error_type ?? row.error_message ?? "unparseable row").toLowerCase(),
      });
  }
  const rejects = [...byLine.values()];
  return { header, columns, rows: r.currentRowCount, rejects, dialect };
}

export type ColumnType = "INTEGER" | "DOUBLE" | "FLOAT" | "VARCHAR" | "BOOLEAN";

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  values: ArrayLike<number> | readonly (number | null)[] | readonly (string | null)[] | readonly boolean[];
}

/** Writes columns to a parquet file (ZSTD) through a temp file and a rename. */
export async function writeParquet(
  con: DuckDBConnection,
  path: string,
  columns: ColumnSpec[],
): Promise<void> {
  const n = columns[0]?.values.length ?? 0;
  const table = `t_${Math.random().toString(36).slice(2)}`;
  await con.run(
    `CREATE TEMP TABLE ${table} (${columns.map((c) => `${sqlIdent(c.name)} ${c.type}`).join(", ")})`,
  );
  const app = await con.createAppender(table);
  for (let i = 0; i < n; i++) {
    for (const c of columns) {
      const v = (c.values as ArrayLike<unknown>)[i];
      if (v === null || v === undefined) app.appendNull();
      else if (c.type === "INTEGER") app.appendInteger(v as number);
      else if (c.type === "DOUBLE") app.appendDouble(v as number);
      else if (c.type === "FLOAT") app.appendFloat(v as number);
      else if (c.type === "BOOLEAN") app.appendBoolean(v as boolean);
      else app.appendVarchar(String(v));
    }
    app.endRow();
  }
  app.closeSync();
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    await con.run(`COPY ${table} TO ${sqlString(tmp)} (FORMAT parquet, COMPRESSION zstd)`);
    renameSync(tmp, path);
  } finally {
    rmSync(tmp, { force: true });
    await con.run(`DROP TABLE ${table}`);
  }
}

/** Reads a parquet file's columns as JS values (INTEGER/DOUBLE as numbers, VARCHAR as strings). */
export async function readParquet(
  con: DuckDBConnection,
  path: string,
): Promise<{ columns: Record<string, unknown[]>; rows: number }> {
  const r = await con.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`);
  const names = r.columnNames();
  const values = r.getColumnsJS();
  const columns: Record<string, unknown[]> = {};
  names.forEach((n, i) => {
    columns[n] = values[i] as unknown[];
  });
  return { columns, rows: r.currentRowCount };
}
