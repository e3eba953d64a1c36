import type { KnownExploited } from '../advisories/kev-registry.ts';
import type { Advisory, Vulnerability } from '../advisories/types.ts';
import type { VersionReading } from '../version/read-version.ts';
import type { TrainSupport } from './train-support.ts';
import { groupByUrgency } from './urgency.ts';
import type { Judgement } from './verdict.ts';

/** The affected releases of one vulnerability on one train, in words. */
export interface TrainStretch {
  readonly advisory: Advisory;
  readonly vulnerability: Vulnerability;
  readonly text: string;
  /** The vulnerability's KEV listing, so that a train's answer can list the worst first. */
  readonly knownExploited: KnownExploited | null;
}

/** Nothing to upgrade to and no train to speak of: every verdict that is not about one release. */
const NO_RELEASE = { version: null, assessments: [], upgradeTo: null, nearestFixOnTrain: null, trainSupport: null } as const;

/**
 * A train without a release: list what is affected on it (in the notes), worst first, rather than guess
 * which release it is, and say when the train has left support. The message never points at the notes
 * ("listed below"): a summary of several versions shows the message alone.
 */
export function judgeTrain(train: string, unordered: readonly TrainStretch[], support: TrainSupport | null): Judgement {
  // Worst first, a bulletin's CVEs together: the backdoor leads the 6.3.0 train's answer.
  const stretches = [...groupByUrgency(unordered).values()].flat();
  const notes = stretches.map((s) => `${s.advisory.id} ${s.vulnerability.id}: ${s.text}.`);
  const message =
    `${train} names a train, not a release, so it cannot be judged. ` +
    (support !== null && !support.supported ? `${train} left Juniper support on ${support.endOfSupport ?? 'an unknown date'}. ` : '') +
    (stretches.length === 0 ? `No loaded bulletin names an affected release on ${train}. ` : `${listAffecting(stretches)} releases on ${train}. `) +
    `Give the full release as \`get system\` shows it, for example ${train}r19.`;
  return { ...NO_RELEASE, status: 'unknown', trainSupport: support, notes, message };
}

/** Something that is not a version: say why and offer a close spelling. Never "not affected". */
export function judgeUnreadable(reading: Extract<VersionReading, { kind: 'unreadable' }>): Judgement {
  const shown = reading.input.trim() === '' ? 'An empty version' : `“${reading.input.trim()}”`;
  const junos = reading.product === 'junos' || reading.product === 'junos-evo';
  const example = junos ? '21.4R3-S5 or 12.3X48-D101' : '6.2.0r16 or 6.3.0r12b';
  const hint = reading.suggestion !== null ? ` Did you mean ${reading.suggestion}?` : ` Try a release such as ${example}.`;
  return { ...NO_RELEASE, status: 'unknown', notes: [], message: `${shown} is not a ${junos ? 'Junos OS' : 'ScreenOS'} version: ${reading.reason}.${hint}` };
}

function listAffecting(stretches: readonly TrainStretch[]): string {
  const ids = unique(stretches.map((s) => s.advisory.id));
  return `${ids.join(', ')} ${ids.length === 1 ? 'affects' : 'affect'}`;
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items)];
}
