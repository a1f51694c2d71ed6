import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { UserError } from "./errors.js";

/** Writes through a temp file in the same folder and renames it, so readers never see a half-written file. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

export function writeJsonAtomic(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

export class JsonFileError extends UserError {
  constructor(
    readonly file: string,
    readonly jsonPath: string,
    message: string,
  ) {
    super(`${file}: ${jsonPath}: ${message}`);
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
