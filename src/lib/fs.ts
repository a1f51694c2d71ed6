import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { JsonFileError, UserError } from "./errors.js";

export { JsonFileError };

/** A file we were asked to write cannot be written (a missing or read-only folder, a file in the way, a full disk). */
export class OutputFileError extends UserError {
  constructor(
    readonly file: string,
    cause: unknown,
  ) {
    // Node's own message starts with the code: "ENOTDIR: not a directory, open '…'"
    const e = cause as NodeJS.ErrnoException;
    super(`cannot write ${file} (${e.message ?? e.code ?? String(cause)})`);
  }
}

/** One file of a set written as a unit. */
export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

/** Writes through a temp file in the same folder and renames it, so readers never see a half-written file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  writeFilesAtomic([{ path, data }]);
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, jsonText(value));
}

/** Pretty JSON with a final newline, as every JSON file we write. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Writes several files as a unit: every file goes to a temp file beside its target first, and only when all of
 * them are written are they renamed into place. A failure before that leaves none of them (and no temp file);
 * an error writing is an OutputFileError naming the file, not a stack trace.
 */
export function writeFilesAtomic(files: readonly OutputFile[]): void {
  const staged: { tmp: string; path: string }[] = [];
  const suffix = `${process.pid}.${Date.now()}.tmp`;
  try {
    for (const f of files) {
      const tmp = `${f.path}.${suffix}`;
      try {
        mkdirSync(dirname(f.path), { recursive: true });
        writeFileSync(tmp, f.data);
      } catch (e) {
        removeQuietly(tmp);
        throw new OutputFileError(f.path, e);
      }
      staged.push({ tmp, path: f.path });
    }
    while (staged.length > 0) {
      const { tmp, path } = staged[0];
      try {
        renameSync(tmp, path);
      } catch (e) {
        throw new OutputFileError(path, e);
      }
      staged.shift();
    }
  } finally {
    for (const { tmp } of staged) removeQuietly(tmp);
  }
}

/** Cleanup after a failed write must not hide the error that caused it. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // the path's folder may itself be what failed (a file in the way): nothing was written there
  }
}

/** Reads a JSON file; a missing file or bad JSON becomes a JsonFileError that names the file and position. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new JsonFileError(path, "$", `cannot read file (${(e as NodeJS.ErrnoException).code ?? "error"})`);
  }
  // editors and spreadsheet exports on Windows often start UTF-8 files with a byte-order mark
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new JsonFileError(path, "$", `not valid JSON: ${(e as Error).message}`);
  }
}
