import type { PairingConfig } from "./config.js";
import { round } from "./round.js";

/**
 * A pair's confidence, the probability it is right: how far its score clears the auto-accept score times how far
 * its lead clears the auto gap (each through a logistic), mapped by the tuning file's calibration, fitted by
 * bench:pairing-suggest on dev and the stress copies. bench:pairing-accuracy prints the reliability table.
 */
export function pairConfidence(score: number, regret: number, config: PairingConfig): number {
  const s = 1 / (1 + Math.exp(-(score - config.autoScore)));
  const g = 1 / (1 + Math.exp(-2 * (regret - config.autoGap)));
  const raw = Math.min(1 - 1e-9, Math.max(1e-9, s * g));
  // recalibrated (Platt): the raw product is too low below the auto rule, where review pairs live
  return round(
    1 / (1 + Math.exp(-(config.confidenceSlope * Math.log(raw / (1 - raw)) + config.confidenceShift))),
  );
}
