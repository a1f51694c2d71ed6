/**
 * CPU priority per thread (Linux: every thread has a nice value of its own, and new threads inherit their
 * creator's). Anywhere else, or when not allowed, these do nothing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { setPriority } from "node:os";

/** Whether this process may raise a thread back to nice 0 after lowering it (root, or RLIMIT_NICE allows it). */
export function canRestorePriority(): boolean {
  if (process.getuid?.() === 0) return true;
  try {
    const limit = /Max nice priority\s+(\d+)/.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
    return Number(limit) >= 20;
  } catch {
    return false;
  }
}

/** Sets every thread of process `pid` whose nice value is `from` to `to`; returns how many it changed. */
export function reniceThreads(pid: number, from: number, to: number): number {
  let changed = 0;
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, "utf8");
      // fields after the command's closing parenthesis; nice is field 19 of the stat line
      const nice = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]);
      if (nice !== from) continue;
      setPriority(Number(tid), to);
      changed++;
    }
  } catch {
    // not Linux, a thread that just ended, or not allowed
  }
  return changed;
}
