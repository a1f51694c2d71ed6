/**
 * Where `bench:pairing`'s time goes: the engine's own phase timer (`phasesMs` in pairing-metrics.json) summed up
 * per batch size, and the garbage collector's pauses inside the timed runs.
 */
import { type PerformanceEntry, PerformanceObserver } from "node:perf_hooks";
import { median } from "./ab-summary.js";

export interface PhaseRun {
  images: number;
  phasesMs: Readonly<Record<string, number>>;
}

export interface PhaseBudget {
  /** the phases in the engine's order (the first run's) */
  phases: string[];
  /** median ms per 100 images of each phase over the runs */
  per100: Record<string, number>;
  /** median over the runs of all phases together, ms per 100 images */
  total: number;
}

/**
 * Medians per phase, in ms per 100 images. Every run must report the same phases: a run that lacks one (an
 * engine whose phases changed between runs) would make the medians disagree, so it is an error, not a zero.
 */
export function phaseBudget(runs: readonly PhaseRun[]): PhaseBudget {
  if (runs.length === 0) throw new Error("phase budget of no runs");
  const phases = Object.keys(runs[0].phasesMs);
  const columns: Record<string, number[]> = Object.fromEntries(phases.map((p) => [p, []]));
  const totals: number[] = [];
  runs.forEach((run, i) => {
    if (!(run.images > 0)) throw new Error(`run ${i} paired ${run.images} images`);
    const names = Object.keys(run.phasesMs);
    if (names.length !== phases.length || names.some((p) => !Object.hasOwn(columns, p)))
      throw new Error(`run ${i} reports phases ${names.join(", ")}, the first run ${phases.join(", ")}`);
    let sum = 0;
    for (const p of phases) {
      const v = (run.phasesMs[p] * 100) / run.images;
      columns[p].push(v);
      sum += v;
    }
    totals.push(sum);
  });
  return {
    phases,
    per100: Object.fromEntries(phases.map((p) => [p, median(columns[p])])),
    total: median(totals),
  };
}

/**
 * Records the garbage collector's pauses from now on. Node reports them to an observer only when the event loop
 * turns, so `msBetween` first waits for a timer to collect what a synchronous timing loop left pending (an
 * immediate ran too early here: it saw no entries).
 */
export function startGcClock(): { msBetween(t0: number, t1: number): Promise<number>; stop(): void } {
  const seen: { start: number; duration: number }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as PerformanceEntry[])
      seen.push({ start: e.startTime, duration: e.duration });
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    async msBetween(t0: number, t1: number) {
      await new Promise((done) => setTimeout(done, 0));
      let ms = 0;
      for (const e of seen) if (e.start >= t0 && e.start < t1) ms += e.duration;
      return ms;
    },
    stop: () => observer.disconnect(),
  };
}
