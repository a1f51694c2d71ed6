/** Progress bars for long CLI work. They draw on stderr only when it is a terminal, so logs and CI stay clean. */
import { SingleBar } from "cli-progress";

export interface Progress {
  update(value: number, payload?: Record<string, string | number>): void;
  stop(): void;
}

export function progressBar(label: string, total: number, unit = ""): Progress {
  const bar = new SingleBar({
    format: `${label.padEnd(14)} {bar} {percentage}% | {value}/{total}${unit ? ` ${unit}` : ""} {info}`,
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 50,
  });
  bar.start(total, 0, { info: "" });
  return {
    update: (value, payload) => bar.update(value, { info: "", ...payload }),
    stop: () => bar.stop(),
  };
}

export const NO_PROGRESS: Progress = { update: () => {}, stop: () => {} };
