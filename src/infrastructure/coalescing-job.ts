/**
 * A job that brings something up to date with the latest state (the day's progress record, the living
 * briefings), run one run at a time.
 *
 * A call that comes while a run is under way neither starts a second run beside it, which could race and
 * write an older state last, nor is dropped, which would miss the change that made the call: it makes the
 * job run once more when the current run ends, however many calls came meanwhile. Never rejects: a failure
 * goes to `onError`, and the next call runs the job again.
 */
export class CoalescingJob {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /**
   * Runs the job now, or once more after the run under way. Resolves when the run under way ends, which
   * is not the one this call asked for: {@link idle} waits for that one too.
   */
  run(): Promise<void> {
    if (this.running !== null) {
      this.again = true;
      return this.running;
    }
    this.running = this.job()
      .catch((error: unknown) => this.onError(error))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          void this.run();
        }
      });
    return this.running;
  }

  /** Resolves when no run is under way or asked for (shutdown waits for it). */
  async idle(): Promise<void> {
    while (this.running !== null) await this.running;
  }
}
