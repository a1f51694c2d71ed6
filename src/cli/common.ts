import { UserError } from "../lib/errors.js";

/** User errors print one clear line and exit 2; anything else is a bug and keeps its stack. */
export function runCli(main: () => Promise<number | undefined> | number | undefined): void {
  Promise.resolve()
    .then(main)
    .then((code) => {
      process.exitCode = code ?? 0;
    })
    .catch((e: unknown) => {
      if (e instanceof UserError) {
        console.error(`error: ${e.message}`);
        process.exitCode = 2;
        return;
      }
      console.error(e);
      process.exitCode = 1;
    });
}

export class UsageError extends UserError {}
