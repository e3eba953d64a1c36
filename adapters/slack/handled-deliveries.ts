// Concept: handled deliveries — a barrier that resolves once every delivery received so far has been handled.

/**
 * Follows every delivery (event, command, button) from the first middleware until its handlers are done;
 * {@link settled} resolves once none is left, those that arrive while it waits included.
 *
 * Why: Bolt acknowledges an event before handling it (Slack wants its answer within 3 s), so the answer
 * to a request says nothing about what handling it did; whoever must know that nothing was posted (a
 * test of a channel that is not briefed) waits on this rather than on a delay.
 *
 * The first middleware (the delivery guard) hands each delivery's handling to {@link follow}, so that the
 * duplicate check counts too. Between Bolt's acknowledgement and the first middleware there are only
 * promise continuations, so a delivery whose HTTP answer has come back is already counted.
 */
export class HandledDeliveries {
  private readonly inProgress = new Set<Promise<void>>();

  /** Resolves as `handling` does, counted until then. */
  async follow(handling: Promise<void>): Promise<void> {
    this.inProgress.add(handling);
    try {
      await handling;
    } finally {
      this.inProgress.delete(handling);
    }
  }

  async settled(): Promise<void> {
    while (this.inProgress.size > 0) await Promise.allSettled(this.inProgress);
  }
}
