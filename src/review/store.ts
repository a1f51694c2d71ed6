/**
 * Review batches in an embedded SQLite file (data/review.sqlite): every edit is one transaction, so a closed
 * tab or a restarted server loses nothing. Each batch keeps every state it has been in (its revisions) for undo
 * and redo, and a version that every change bumps: an edit made against an older version is refused (409), so
 * two tabs never overwrite each other silently.
 */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { applyEdit, type ReviewEdit, ReviewEditError, type ReviewState, reviewContract } from "./state.js";

export type BatchStatus = "uploading" | "analyzing" | "ready" | "failed";

export interface BatchInfo {
  id: string;
  name: string;
  createdAt: string;
  status: BatchStatus;
  progress: { done: number; total: number };
  error: string | null;
  /** bumped by every change: edits name the version they were made on */
  version: number;
  canUndo: boolean;
  canRedo: boolean;
  /** whether the batch's photos were uploaded (thumbnails), or only its analysis */
  hasPhotos: boolean;
}

export class VersionConflict extends Error {}
export class UnknownBatch extends Error {}

interface BatchRow {
  id: string;
  name: string;
  created_at: string;
  status: BatchStatus;
  done: number;
  total: number;
  error: string | null;
  version: number;
  rev: number;
  head: number;
  urls: string;
  has_photos: number;
}

export class ReviewStore {
  private readonly db: Database.Database;

  constructor(readonly path: string) {
    if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS batches (
        id TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL, status TEXT NOT NULL,
        done INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0, error TEXT,
        version INTEGER NOT NULL DEFAULT 0, rev INTEGER NOT NULL DEFAULT 0, head INTEGER NOT NULL DEFAULT 0,
        urls TEXT NOT NULL DEFAULT '[]', has_photos INTEGER NOT NULL DEFAULT 0, analysis TEXT
      );
      CREATE TABLE IF NOT EXISTS states (
        batch_id TEXT NOT NULL, rev INTEGER NOT NULL, state TEXT NOT NULL, edit TEXT,
        PRIMARY KEY (batch_id, rev)
      );
    `);
    // a batch being read when the service stopped is not being read any more: say so, and let it start again
    this.db
      .prepare(
        "UPDATE batches SET status = 'failed', error = 'the service stopped while reading the photos: start it again', version = version + 1 WHERE status = 'analyzing'",
      )
      .run();
  }

  close(): void {
    this.db.close();
  }

  create(id: string, name: string, hasPhotos: boolean): BatchInfo {
    this.db
      .prepare(
        "INSERT INTO batches (id, name, created_at, status, has_photos) VALUES (?, ?, ?, 'uploading', ?)",
      )
      .run(id, name, new Date().toISOString(), hasPhotos ? 1 : 0);
    return this.info(id);
  }

  list(): BatchInfo[] {
    const rows = this.db.prepare("SELECT * FROM batches ORDER BY created_at DESC, id").all() as BatchRow[];
    return rows.map(toInfo);
  }

  info(id: string): BatchInfo {
    return toInfo(this.row(id));
  }

  setProgress(
    id: string,
    status: BatchStatus,
    done: number,
    total: number,
    error: string | null = null,
  ): void {
    this.db
      .prepare(
        "UPDATE batches SET status = ?, done = ?, total = ?, error = ?, version = version + 1 WHERE id = ?",
      )
      .run(status, done, total, error, id);
  }

  /** The engine's result becomes revision 1; the batch is ready for review. */
  start(id: string, state: ReviewState, urls: readonly string[], analysis: unknown): void {
    const problems = reviewContract(state, urls);
    if (problems.length > 0)
      throw new Error(`the engine's result breaks the contract: ${problems.join("; ")}`);
    this.db.transaction(() => {
      this.db.prepare("DELETE FROM states WHERE batch_id = ?").run(id);
      this.db
        .prepare("INSERT INTO states (batch_id, rev, state) VALUES (?, 1, ?)")
        .run(id, JSON.stringify(state));
      this.db
        .prepare(
          "UPDATE batches SET status = 'ready', rev = 1, head = 1, urls = ?, analysis = ?, version = version + 1 WHERE id = ?",
        )
        .run(JSON.stringify(urls), JSON.stringify(analysis), id);
    })();
  }

  state(id: string): ReviewState | null {
    return this.stateOf(this.row(id));
  }

  /** The state at a batch row's current revision (none before the engine's result is in). */
  private stateOf(b: BatchRow): ReviewState | null {
    if (b.rev === 0) return null;
    const r = this.db.prepare("SELECT state FROM states WHERE batch_id = ? AND rev = ?").get(b.id, b.rev) as
      | { state: string }
      | undefined;
    return r ? (JSON.parse(r.state) as ReviewState) : null;
  }

  analysis(id: string): unknown {
    const r = this.db.prepare("SELECT analysis FROM batches WHERE id = ?").get(id) as {
      analysis: string | null;
    };
    return r?.analysis ? JSON.parse(r.analysis) : null;
  }

  /** Applies a correction made on `version`; a later redo history is dropped, as in any editor. */
  edit(id: string, version: number, edit: ReviewEdit): BatchInfo {
    return this.db.transaction(() => {
      const b = this.checked(id, version);
      const current = this.stateOf(b);
      if (!current) throw new ReviewEditError(`batch ${id} is not ready for review yet (${b.status})`);
      const next = applyEdit(current, edit);
      const problems = reviewContract(next, JSON.parse(b.urls) as string[]);
      // applyEdit keeps every photo once by construction; a state that does not is never stored
      if (problems.length > 0)
        throw new ReviewEditError(`that edit would break the batch: ${problems.join("; ")}`);
      const rev = b.rev + 1;
      this.db.prepare("DELETE FROM states WHERE batch_id = ? AND rev >= ?").run(id, rev);
      this.db
        .prepare("INSERT INTO states (batch_id, rev, state, edit) VALUES (?, ?, ?, ?)")
        .run(id, rev, JSON.stringify(next), JSON.stringify(edit));
      this.db
        .prepare("UPDATE batches SET rev = ?, head = ?, version = version + 1 WHERE id = ?")
        .run(rev, rev, id);
      return this.info(id);
    })();
  }

  undo(id: string, version: number): BatchInfo {
    return this.step(id, version, -1);
  }

  redo(id: string, version: number): BatchInfo {
    return this.step(id, version, +1);
  }

  private step(id: string, version: number, by: -1 | 1): BatchInfo {
    return this.db.transaction(() => {
      const b = this.checked(id, version);
      const rev = b.rev + by;
      if (rev < 1 || rev > b.head) throw new ReviewEditError(by < 0 ? "nothing to undo" : "nothing to redo");
      this.db.prepare("UPDATE batches SET rev = ?, version = version + 1 WHERE id = ?").run(rev, id);
      return this.info(id);
    })();
  }

  private checked(id: string, version: number): BatchRow {
    const b = this.row(id);
    if (b.version !== version)
      throw new VersionConflict(
        `batch ${id} changed since you loaded it (version ${version}, now ${b.version}): reload to see the other change`,
      );
    return b;
  }

  private row(id: string): BatchRow {
    const b = this.db.prepare("SELECT * FROM batches WHERE id = ?").get(id) as BatchRow | undefined;
    if (!b) throw new UnknownBatch(`no review batch ${id}`);
    return b;
  }

  /** Every ready batch with its state, for the corrections export. */
  reviewed(): { info: BatchInfo; state: ReviewState; analysis: unknown }[] {
    return this.list()
      .filter((b) => b.status === "ready")
      .map((info) => ({ info, state: this.state(info.id) as ReviewState, analysis: this.analysis(info.id) }));
  }
}

function toInfo(b: BatchRow): BatchInfo {
  return {
    id: b.id,
    name: b.name,
    createdAt: b.created_at,
    status: b.status,
    progress: { done: b.done, total: b.total },
    error: b.error,
    version: b.version,
    canUndo: b.rev > 1,
    canRedo: b.rev < b.head,
    hasPhotos: b.has_photos === 1,
  };
}
