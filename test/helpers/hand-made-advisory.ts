import type { Advisory, Affected, ProductLifecycle, RangeEvent } from '../../src/domain/advisories/types.ts';

export interface VulnerabilitySpec {
  readonly cve?: string;
  readonly ranges?: readonly (readonly RangeEvent[])[];
  readonly versions?: readonly string[];
  readonly fixedBuilds?: readonly string[];
  readonly product?: string;
  readonly platforms?: readonly string[];
  /** What the bulletin assessed; "all" unless a test says otherwise. */
  readonly assessed?: Affected['assessed'];
}

/** A complete advisory (every field of the file format) with one vulnerability per spec. */
export function advisory(id: string, ...specs: VulnerabilitySpec[]): Advisory {
  return {
    id,
    title: `${id}: test bulletin`,
    published: '2016-01-01',
    modified: '2016-01-01',
    summary: 'A bulletin made up for a test.',
    details: 'A bulletin made up for a test.',
    workaround: null,
    vulnerabilities: specs.map((spec, i) => ({
      id: spec.cve ?? `CVE-2099-${String(1000 + i)}`,
      name: 'Test issue',
      summary: 'An issue made up for a test.',
      severity: [],
      cwes: [],
      kev: null,
      affected: [
        {
          product: spec.product ?? 'ScreenOS',
          assessed: spec.assessed ?? 'all',
          platforms: spec.platforms ?? [],
          ranges: (spec.ranges ?? []).map((events) => ({ type: /^junos/i.test(spec.product ?? '') ? ('JUNOS' as const) : ('SCREENOS' as const), events })),
          versions: spec.versions ?? [],
          fixed_builds: spec.fixedBuilds ?? [],
        },
      ],
    })),
    not_affected: [],
    indicators: [],
    actions: ['Upgrade.'],
    references: [{ type: 'ADVISORY', url: 'https://example.com/advisory', title: 'Test bulletin' }],
    notes: [],
  };
}

/** End-of-life data for the given trains (`null`: no date known). */
export function lifecycle(trains: Readonly<Record<string, string | null>>): ProductLifecycle {
  return {
    product: 'ScreenOS',
    trains: Object.entries(trains).map(([train, date]) => ({ train, end_of_support: date, source: 'made up for a test' })),
    hardware: [],
    notes: [],
  };
}
