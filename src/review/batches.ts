/**
 * Starting a review batch: from an uploaded analysis.json (paired at once), or from uploaded photos (checked,
 * stored under the batch's own folder, then read by the offline analyser and paired as a job with progress).
 * File names from the browser are never used as paths: only a checked base name inside the batch's folder.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../lib/fs.js";
import { analyzeFolder, type PairingResult } from "../pairing/index.js";
import { photosOf, stateFromPairing } from "./state.js";
import type { ReviewStore } from "./store.js";

export class UploadError extends Error {}

/** Pairs one analysis (on the service's pairing threads): the batch's engine result. */
export type PairFn = (analysis: unknown, name: string) => Promise<PairingResult>;

export interface ReviewLimits {
  maxPhotos: number;
  maxPhotoBytes: number;
}

export const newBatchId = () => `b${Date.now().toString(36)}${randomBytes(4).toString("hex")}`;

/** Creates a batch from an analysis.json and pairs it; the batch is ready for review when this resolves. */
export async function batchFromAnalysis(
  store: ReviewStore,
  name: string,
  analysis: unknown,
  pair: PairFn,
): Promise<string> {
  const id = newBatchId();
  store.create(id, name, false);
  await finish(store, id, analysis, pair, name);
  return id;
}

const PHOTO_NAME = /^[A-Za-z0-9][\w .()+-]{0,150}\.(jpe?g|png|webp)$/i;

/** What a photo's first bytes must be for its extension: a renamed text file is refused. */
function looksLikePhoto(name: string, bytes: Uint8Array): boolean {
  const b = bytes;
  const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
  if (ext === "jpg" || ext === "jpeg") return b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
  if (ext === "png") return b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;
  return (
    Buffer.from(b.subarray(0, 4)).toString("latin1") === "RIFF" &&
    Buffer.from(b.subarray(8, 12)).toString("latin1") === "WEBP"
  );
}

/** Creates a ready batch from a result the engine already gave (a finished pairing job's). */
export function batchFromResult(store: ReviewStore, name: string, result: PairingResult): string {
  const id = newBatchId();
  store.create(id, name, false);
  const state = stateFromPairing(result);
  store.start(id, state, photosOf(state), null);
  return id;
}

/** Stores one uploaded photo of a batch still taking uploads. */
export function savePhoto(
  store: ReviewStore,
  uploads: string,
  id: string,
  name: string,
  bytes: Uint8Array,
  limits: ReviewLimits,
): void {
  const info = store.info(id);
  if (!info.hasPhotos || (info.status !== "uploading" && info.status !== "failed"))
    throw new UploadError(`batch ${id} does not take photos any more (${info.status})`);
  if (!PHOTO_NAME.test(name))
    throw new UploadError(
      `photo name ${JSON.stringify(name.slice(0, 200))} is not accepted: a plain file name ending in .jpg, .jpeg, .png or .webp`,
    );
  if (bytes.length === 0 || bytes.length > limits.maxPhotoBytes)
    throw new UploadError(
      `${name}: ${bytes.length} bytes; a photo must be 1 to ${limits.maxPhotoBytes} bytes`,
    );
  if (!looksLikePhoto(name, bytes))
    throw new UploadError(`${name}: its content is not a ${name.split(".").pop()} image`);
  const dir = join(uploads, id);
  mkdirSync(dir, { recursive: true });
  const have = readdirSync(dir).filter((f) => PHOTO_NAME.test(f));
  if (!have.includes(name) && have.length >= limits.maxPhotos)
    throw new UploadError(`batch ${id} already has ${limits.maxPhotos} photos, the most one batch takes`);
  writeFileAtomic(join(dir, name), bytes);
}

/** The stored photo of a batch, by its checked name, or null. */
export function photoPath(uploads: string, id: string, name: string): string | null {
  if (!PHOTO_NAME.test(name) || !/^b[a-z0-9]+$/.test(id)) return null;
  const p = join(uploads, id, name);
  return existsSync(p) ? p : null;
}

/** Reads the uploaded photos and pairs them, recording progress; failures are kept on the batch, not thrown. */
export async function analyzeBatch(
  store: ReviewStore,
  uploads: string,
  id: string,
  pair: PairFn,
): Promise<void> {
  const dir = join(uploads, id);
  const name = store.info(id).name;
  try {
    if (!existsSync(dir)) throw new UploadError("no photos were uploaded");
    store.setProgress(id, "analyzing", 0, 0);
    const { analysis } = await analyzeFolder(dir, {
      cacheDir: null,
      progress: (total) => {
        store.setProgress(id, "analyzing", 0, total);
        return { update: (done) => store.setProgress(id, "analyzing", done, total), stop: () => {} };
      },
    });
    await finish(store, id, analysis, pair, name);
  } catch (e) {
    store.setProgress(id, "failed", 0, 0, (e as Error).message.split("\n")[0]);
  }
}

async function finish(store: ReviewStore, id: string, analysis: unknown, pair: PairFn, name: string) {
  const result = await pair(analysis, name);
  const state = stateFromPairing(result, analysis);
  store.start(id, state, photosOf(state), analysis);
}
