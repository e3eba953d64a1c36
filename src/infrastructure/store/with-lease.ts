import type { Logger } from '../log.ts';
import type { LeaseStore } from './store.ts';

/** A named lease as one job takes it. */
export interface LeaseTerms {
  readonly store: LeaseStore;
  /** The job's name, the same on every replica (`inventory-sync`, `briefing-refresh`). */
  readonly name: string;
  /** This process, as the store records the holder. */
  readonly owner: string;
  /** How long the lease lasts once taken: a holder that dies frees it this long after. */
  readonly ms: number;
  readonly now: () => Date;
  /** Where a release that failed is reported. */
  readonly log: Logger;
}

/** What {@link withLease} did: ran the work and kept its value, or did not run it. */
export type LeaseOutcome<T> = { readonly ran: true; readonly value: T } | { readonly ran: false };

/**
 * Runs `work` while holding the lease `terms.name`, so that of the replicas sharing a store one at a
 * time does a job any of them could do.
 *
 * When another owner holds the lease and it has not run out, `work` does not run: the outcome is
 * `{ ran: false }`, and waiting, trying again later or letting it be is the caller's choice. A lease this
 * owner already holds is taken again (and its expiry moved on). A store that cannot be asked rejects, and
 * nothing runs.
 *
 * The lease is released as soon as `work` settles, resolved or rejected; its error goes on to the caller.
 * A release that fails is logged, not thrown: the lease ends by itself at its expiry, and what the work
 * did is what the caller needs to hear. Work that may take longer than `ms` renews the lease itself.
 */
export async function withLease<T>(terms: LeaseTerms, work: () => Promise<T>): Promise<LeaseOutcome<T>> {
  const { store, name, owner, ms, now, log } = terms;
  const at = now();
  if (!(await store.acquireLease(name, owner, at, new Date(at.getTime() + ms)))) return { ran: false };
  try {
    return { ran: true, value: await work() };
  } finally {
    await store.releaseLease(name, owner).catch((error: unknown) => log.warn('could not release the lease', { lease: name, error }));
  }
}
