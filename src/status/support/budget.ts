/**
 * The job's time budget. A run must end within `--timeout` seconds (the CronJob's next run waits for it,
 * concurrencyPolicy Forbid), so every call's timeout is capped by what is left: reads by what is left
 * before a reserve only writes may use, and waiting between scrape rounds leaves a larger reserve for the
 * scrape, evaluation and writes that follow.
 */

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/** Per-call timeouts; the API adapter asks before every call. */
export interface CallTimeouts {
  readTimeoutMs(): number;
  writeTimeoutMs(): number;
}

export class Budget implements CallTimeouts {
  private readonly deadline: number;
  /** Kept free of waiting: the later scrape round, the evaluation and the status writes run in it. */
  readonly reserveMs: number;
  /** Kept free of reading: hanging reads must not leave the status writes without time. */
  readonly writeReserveMs: number;

  constructor(
    private readonly clock: Clock,
    totalMs: number,
    private readonly callMs: number,
  ) {
    this.deadline = clock.now().getTime() + totalMs;
    this.reserveMs = Math.min(20_000, Math.max(totalMs / 4, Math.min(5_000, totalMs / 2)));
    this.writeReserveMs = this.reserveMs / 2;
  }

  remainingMs(): number {
    return this.deadline - this.clock.now().getTime();
  }

  expired(): boolean {
    return this.remainingMs() <= 0;
  }

  /** A read's timeout: its own limit, or what is left before the write reserve if that is less. */
  readTimeoutMs(): number {
    return Math.max(1, Math.min(this.callMs, this.remainingMs() - this.writeReserveMs));
  }

  /** A write's timeout: its own limit, or what is left of the run. */
  writeTimeoutMs(): number {
    return Math.max(1, Math.min(this.callMs, this.remainingMs()));
  }

  /** How long the run may still wait without eating into the reserve. */
  waitableMs(): number {
    return Math.max(0, this.remainingMs() - this.reserveMs);
  }
}
