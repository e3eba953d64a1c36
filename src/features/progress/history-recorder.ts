import { CoalescingJob } from '../../infrastructure/coalescing-job.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import type { ProgressStore } from '../../infrastructure/store/store.ts';
import { addDays, dayOf, HISTORY_DAYS } from '../../domain/progress/burn-down.ts';
import { countProgress } from '../../domain/progress/progress-counts.ts';

export interface ProgressRecorderOptions {
  readonly store: ProgressStore;
  readonly inventory: Pick<Inventory, 'view' | 'unavailable'>;
  readonly catalog: Pick<AdvisoryCatalog, 'advisories'>;
  readonly now: () => Date;
  readonly log: Logger;
}

/**
 * Keeps the progress history: after every inventory sync and every state change (ack, snooze, accept,
 * clear), the devices are counted by bulletin, site and status and the day's record is replaced, in one
 * statement. Days older than {@link HISTORY_DAYS} are forgotten once a day. With no snapshot to count
 * (the inventory never read), nothing is recorded: zero devices would read as "all patched".
 *
 * Calls that arrive while a record is being written make it run once more, so the last change is always
 * recorded and two records never race.
 */
export class ProgressRecorder {
  private readonly recording = new CoalescingJob(
    () => this.recordNow(),
    (error) => this.options.log.error('progress: the history could not be recorded', { error }),
  );
  private prunedOn: string | null = null;

  constructor(private readonly options: ProgressRecorderOptions) {}

  /** Records the counts of now; never rejects (a failure is logged, and the next change records again). */
  record(): Promise<void> {
    return this.recording.run();
  }

  /** Resolves when no record is being written (shutdown waits for it). */
  idle(): Promise<void> {
    return this.recording.idle();
  }

  private async recordNow(): Promise<void> {
    const { store, inventory, catalog, now } = this.options;
    if (inventory.unavailable() !== null) return;
    const at = now();
    const day = dayOf(at);
    const counts = countProgress(
      await inventory.view(at),
      catalog.advisories.map((a) => a.id),
    );
    await store.recordProgress(day, counts);
    if (this.prunedOn !== day) {
      await store.pruneProgress(addDays(day, -(HISTORY_DAYS - 1)));
      this.prunedOn = day;
    }
  }
}
