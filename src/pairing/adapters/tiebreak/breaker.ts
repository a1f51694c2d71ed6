/**
 * Circuit breaker for model calls: after `failures` failed calls in a row it opens, and pairing runs in safe mode
 * (no calls) until `cooldownMs` has passed; then one probe call decides whether it closes again.
 */
export type BreakerState = "closed" | "open" | "half_open";

export class CircuitBreaker {
  private consecutive = 0;
  private openedAt = 0;
  private state: BreakerState = "closed";

  constructor(
    private readonly failures: number,
    private readonly cooldownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** May a call be made now? Moves an open breaker to half-open once the cooldown has passed. */
  allow(): boolean {
    if (this.state === "open" && this.now() - this.openedAt >= this.cooldownMs) this.state = "half_open";
    return this.state !== "open";
  }

  success(): void {
    this.consecutive = 0;
    this.state = "closed";
  }

  failure(): void {
    this.consecutive++;
    if (this.state === "half_open" || this.consecutive >= this.failures) {
      this.state = "open";
      this.openedAt = this.now();
    }
  }

  get current(): BreakerState {
    return this.state;
  }
}
