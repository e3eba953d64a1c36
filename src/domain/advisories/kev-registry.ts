import type { KevCatalog, KevEntry, KevProblem } from './kev-catalog.ts';
import { formatKevProblem } from './kev-catalog.ts';
import type { Vulnerability } from './types.ts';

/** Why a vulnerability counts as known exploited, and by when CISA wants it fixed when that is known. */
export interface KnownExploited {
  /** When CISA listed it, `YYYY-MM-DD`. */
  readonly dateAdded: string;
  /** CISA's due date; null when only the advisory file says so (it records no due date). */
  readonly dueDate: string | null;
  /** `kev`: the KEV data in use lists the CVE; `advisory`: only the bulletin's own `kev` field does. */
  readonly source: 'advisory' | 'kev';
}

/** Where the KEV data in use came from and how fresh it is, for `/healthz` and the `advisories` answer. */
export interface KevStatus {
  /** `snapshot`: the file shipped with the advisories; `feed`: `KEV_URL`; `none`: neither could be read. */
  readonly source: 'snapshot' | 'feed' | 'none';
  /** The snapshot's path or the feed's URL (origin and path only) the data came from; null with `none`. */
  readonly location: string | null;
  readonly catalogVersion: string | null;
  readonly dateReleased: string | null;
  /** Entries in use. */
  readonly entries: number;
  /** Entries of the data in use that were left out as malformed, and the first few reasons. */
  readonly skipped: number;
  readonly problems: readonly string[];
  /** The feed's last successful refresh; null before one (the snapshot is not a refresh). */
  readonly lastSuccessAt: Date | null;
  readonly lastAttemptAt: Date | null;
  /** Why the last load or refresh failed, or null when it succeeded. */
  readonly lastError: string | null;
}

/** Problem lines kept for `/healthz`; the count says how many there were. */
const PROBLEMS_SHOWN = 10;

/**
 * The KEV data in use, which the feed replaces as it refreshes: the CVEs CISA lists, and where the list
 * came from. `revision` changes whenever the listing of any CVE does, so that whatever was computed
 * from it (memoised verdicts, the inventory's findings) knows to compute again.
 */
export class KevRegistry {
  private byCve = new Map<string, KevEntry>();
  private current: KevStatus = {
    source: 'none', location: null, catalogVersion: null, dateReleased: null, entries: 0, skipped: 0, problems: [], lastSuccessAt: null, lastAttemptAt: null, lastError: null,
  };
  private rev = 0;

  get revision(): number {
    return this.rev;
  }

  /** The entry for a CVE id in the data in use, whatever its case. */
  lookup(cveId: string): KevEntry | undefined {
    return this.byCve.get(cveId.toUpperCase());
  }

  /**
   * Known exploited when the KEV data in use lists the CVE (with CISA's dates) or, failing that, when the
   * bulletin's own `kev` field says so: a feed that lacks an entry never un-lists what a bulletin records.
   */
  knownExploited(vulnerability: Vulnerability): KnownExploited | null {
    const entry = this.lookup(vulnerability.id);
    if (entry !== undefined) return { dateAdded: entry.dateAdded, dueDate: entry.dueDate, source: 'kev' };
    if (vulnerability.kev !== null) return { dateAdded: vulnerability.kev.date_added, dueDate: null, source: 'advisory' };
    return null;
  }

  status(): KevStatus {
    return this.current;
  }

  /**
   * Puts a catalog in use. Returns the entries it lists that the data in use before did not: the
   * listings that are new to the bot.
   */
  use(catalog: KevCatalog, origin: { readonly source: 'snapshot' | 'feed'; readonly location: string; readonly at: Date | null; readonly problems: readonly KevProblem[]; readonly skipped: number }): KevEntry[] {
    const next = new Map(catalog.vulnerabilities.map((e) => [e.cveID, e]));
    const added = catalog.vulnerabilities.filter((e) => !this.byCve.has(e.cveID));
    if (!sameListings(this.byCve, next)) this.rev++;
    this.byCve = next;
    this.current = {
      source: origin.source,
      location: origin.location,
      catalogVersion: catalog.catalogVersion,
      dateReleased: catalog.dateReleased,
      entries: next.size,
      skipped: origin.skipped,
      problems: origin.problems.slice(0, PROBLEMS_SHOWN).map(formatKevProblem),
      lastSuccessAt: origin.source === 'feed' ? origin.at : this.current.lastSuccessAt,
      lastAttemptAt: origin.at ?? this.current.lastAttemptAt,
      lastError: null,
    };
    return added;
  }

  /** Records a load or refresh that failed; the data in use stays as it was. */
  fail(error: string, at: Date | null): void {
    this.current = { ...this.current, lastAttemptAt: at ?? this.current.lastAttemptAt, lastError: error };
  }
}

/** Whether two listings agree on every CVE and its dates (all a verdict takes from them). */
function sameListings(a: ReadonlyMap<string, KevEntry>, b: ReadonlyMap<string, KevEntry>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, entry] of a) {
    const other = b.get(id);
    if (other === undefined || other.dateAdded !== entry.dateAdded || other.dueDate !== entry.dueDate) return false;
  }
  return true;
}
