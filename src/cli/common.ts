import { JsonFileError } from "../lib/fs.js";
import { ConfigError } from "../pairing/config.js";
import { AnalysisFileError } from "../pairing/input.js";

/** User errors print one clear line and exit 2; anything else is a bug and keeps its stack. */
export function runCli(main: () => Promise<number | undefined> | number | undefined): void {
  Promise.resolve()
    .then(main)
    .then((code) => {
      process.exitCode = code ?? 0;
    })
    .catch((e: unknown) => {
      if (
        e instanceof AnalysisFileError ||
        e instanceof JsonFileError ||
        e instanceof ConfigError ||
        e instanceof UsageError
      ) {
        console.error(`error: ${e.message}`);
        process.exitCode = 2;
        return;
      }
      console.error(e);
      process.exitCode = 1;
    });
}

export class UsageError extends Error {}
