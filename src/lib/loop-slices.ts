/**
 * Long work on a request loop, cut into time slices: between slices the loop serves what is queued (I/O, other
 * requests), so the work delays them by one slice, not by its whole length.
 */

/** Resolves after the event loop has had a turn (setImmediate runs after pending I/O callbacks). */
export const yieldToLoop = (): Promise<void> => new Promise<void>((r) => setImmediate(r));

/**
 * A checkpoint to await between units of work: it yields to the loop once `sliceMs` have passed since the last
 * yield, and otherwise returns at once.
 */
export function loopSlices(sliceMs: number): () => Promise<void> {
  let sliceStart = performance.now();
  return async () => {
    if (performance.now() - sliceStart < sliceMs) return;
    await yieldToLoop();
    sliceStart = performance.now();
  };
}
