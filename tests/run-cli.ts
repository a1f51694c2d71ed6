import { spawnSync } from "node:child_process";
import { join } from "node:path";

/** The repository root, where the CLIs run from. */
export const repoRoot = new URL("../", import.meta.url).pathname;

export interface CliRun {
  code: number | null;
  out: string;
  err: string;
}

/** Runs one of our CLI scripts (a path under the repository, e.g. "src/cli/pairing.ts") in a child process. */
export function runCli(script: string, args: string[], env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(repoRoot, script), ...args], {
    cwd: repoRoot,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
