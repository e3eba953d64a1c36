/**
 * The advisory format: one JSON file per bulletin under `advisories/`, shaped after the OSV schema
 * (ossf/osv-schema) with a ScreenOS ordering supplied for the range events. See advisories/README.md.
 *
 * Field names are snake_case, as in OSV, because they are a file format rather than code.
 */

/** A bulletin, e.g. JSA10713, that may carry several vulnerabilities (CVEs). */
export interface Advisory {
  /** Juniper's bulletin id, `JSA` followed by digits. */
  readonly id: string;
  readonly title: string;
  /** ISO dates (YYYY-MM-DD). `modified` is the last revision the data follows. */
  readonly published: string;
  readonly modified: string;
  /** One or two plain sentences: what happened. */
  readonly summary: string;
  /** A short paragraph in plain words for the advisory card and briefings. */
  readonly details: string;
  /** What can be done short of upgrading, or null when the vendor says there is no workaround. */
  readonly workaround: string | null;
  readonly vulnerabilities: readonly Vulnerability[];
  /** Products the vendor has stated are not affected (for example Junos OS). */
  readonly not_affected: readonly NotAffectedStatement[];
  readonly indicators: readonly Indicator[];
  /** What to do, in order. */
  readonly actions: readonly string[];
  readonly references: readonly Reference[];
  /** Notes on disputed or narrowed scope, and on where sources disagree. */
  readonly notes: readonly string[];
}

/** One CVE inside a bulletin. */
export interface Vulnerability {
  /** `CVE-YYYY-NNNN`. */
  readonly id: string;
  /** The vendor's short name, e.g. "Administrative Access". */
  readonly name: string;
  readonly summary: string;
  readonly severity: readonly Severity[];
  /** e.g. `CWE-287`. May be empty when none is assigned. */
  readonly cwes: readonly string[];
  /** Listing in CISA's Known Exploited Vulnerabilities catalog, or null when not listed. */
  readonly kev: { readonly date_added: string } | null;
  readonly affected: readonly Affected[];
}

export type SeverityType = 'CVSS_V2' | 'CVSS_V3';

export interface Severity {
  readonly type: SeverityType;
  /** The vector; CVSS v3 vectors carry their `CVSS:3.x/` prefix, as in OSV. */
  readonly vector: string;
  /** The base score, 0.0 to 10.0. */
  readonly score: number;
  /** Who published the score (NVD, CISA ADP, the vendor). */
  readonly source: string;
}

export interface Affected {
  /** The product, as a registered version scheme names it: `ScreenOS`, `Junos OS`, `Junos OS Evolved`. */
  readonly product: string;
  /**
   * The vendor's own affected list, verbatim (Juniper's "22.3 versions prior to 22.3R2-S2, 22.3R3-S1"):
   * the ranges are its encoding, and the advisory card shows it as the vendor wrote it.
   */
  readonly statement?: string;
  /**
   * What the bulletin's own words cover: `"all"` when they speak about every ScreenOS release ("all
   * versions prior to 6.3.0r25"), otherwise the trains it assessed (`["6.3.0"]`). A release on a train
   * the bulletin did not assess, and outside every range, is unknown rather than not affected.
   */
  readonly assessed: 'all' | readonly string[];
  /**
   * Hardware platforms the entry is limited to (`SSG-5`); empty means every platform. A version alone
   * cannot tell the platform, so limited entries never decide a version-only verdict.
   */
  readonly platforms: readonly string[];
  /**
   * Models that `platforms` would cover but the bulletin excepts ("EX4300 Series … except EX4300-48MP"):
   * a device of such a model is judged by the other entries only. Only beside a non-empty `platforms`.
   */
  readonly platforms_except?: readonly string[];
  readonly ranges: readonly Range[];
  /** Explicitly affected versions, checked in addition to the ranges (OSV `versions`). */
  readonly versions: readonly string[];
  /**
   * Customer special (CSP) builds that the bulletin names as fixed, e.g. `6.3.0r13-dnd1`.
   * Other CSP builds are judged as their base release.
   */
  readonly fixed_builds: readonly string[];
}

export interface Range {
  /** The scheme's order the events are compared in: `SCREENOS` (train, release, respin) or `JUNOS` (KB1868). */
  readonly type: 'SCREENOS' | 'JUNOS';
  readonly events: readonly RangeEvent[];
}

/**
 * OSV range events. `introduced` is inclusive, `fixed` exclusive, `last_affected` inclusive.
 * `introduced: "0"` means "since the first release".
 */
export type RangeEvent =
  | { readonly introduced: string }
  | { readonly fixed: string }
  | { readonly last_affected: string };

export interface NotAffectedStatement {
  readonly product: string;
  readonly statement: string;
  readonly source: string;
}

export type IndicatorKind =
  | 'log_pattern'
  | 'ids_rule'
  | 'published_credential'
  | 'scanner_check'
  /** A SHA-256 of a file (Mandiant's TINYSHELL variants on Junos). */
  | 'file_hash'
  /** An address to look for in flows or logs; the description gives the port. */
  | 'ip_address'
  | 'file_name'
  /** A command to run on the device, exactly as given (`show log httpd.log | match …`). */
  | 'command';

export interface Indicator {
  readonly kind: IndicatorKind;
  /** What to look for and what it means. */
  readonly description: string;
  /** The pattern, rule id, credential or check id, exactly as it is to be searched for. */
  readonly value: string;
  /** An example line as it appears on a device, when one is published. */
  readonly example: string | null;
  readonly source: string;
}

export type ReferenceType = 'ADVISORY' | 'ARTICLE' | 'REPORT' | 'FIX' | 'PACKAGE' | 'EVIDENCE' | 'WEB';

export interface Reference {
  readonly type: ReferenceType;
  readonly url: string;
  readonly title: string;
}

/**
 * End-of-support dates of one product's trains and hardware: `advisories/lifecycle/<product>.json`.
 * See "End-of-life data" in advisories/README.md. A null date means no source states one.
 */
export interface ProductLifecycle {
  readonly product: string;
  readonly trains: readonly TrainLifecycle[];
  readonly hardware: readonly HardwareLifecycle[];
  readonly notes: readonly string[];
}

export interface TrainLifecycle {
  /** `N.N.N`, as in `assessed`. */
  readonly train: string;
  /** The last day of support, `YYYY-MM-DD`, or null when no source states one. */
  readonly end_of_support: string | null;
  /** Where the date comes from, or why it is null. */
  readonly source: string;
}

export interface HardwareLifecycle {
  /** A platform, spelled as in the inventory (`SSG-140`). */
  readonly model: string;
  readonly end_of_support: string | null;
  readonly source: string;
}
