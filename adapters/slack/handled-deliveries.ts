// Concept: handled deliveries — a barrier that resolves once every delivery received so far has been handled.
import type { App } from '@slack/bolt';

/**
 * Follows every delivery (event, command, button) from the first middleware until its handlers are done,
 * and returns `settled`, which resolves once none is left, those that arrive while it waits included.
 *
 * Why: Bolt acknowledges an event before handling it (Slack wants its answer within 3 s), so the answer
 * to a request says nothing about what handling it did; whoever must know that nothing was posted (a
 * test of a channel that is not briefed) waits on this rather than on a delay.
 *
 * Registered before every other middleware, so that the duplicate check counts too. Between Bolt's
 * acknowledgement and the first middleware there are only promise continuations, so a delivery whose
 * HTTP answer has come back is already counted.
 */
export function trackHandledDeliveries(app: App): () => Promise<void> {
  const inProgress = new Set<Promise<void>>();
  app.use(async ({ next }) => {
    const handled = next();
    inProgress.add(handled);
    try {
      await handled;
    } finally {
      inProgress.delete(handled);
    }
  });
  return async () => {
    while (inProgress.size > 0) await Promise.allSettled(inProgress);
  };
}
