import type { Advisory } from '../../domain/advisories/types.ts';
import { countByStatus, deviceLine, groupLines } from '../../chat/render/device-lines.ts';
import { advisoryTone, indicatorsList, referencesList, releaseLists, vulnerabilitiesList } from '../../chat/render/advisory-card.ts';
import { span, type Card, type CardElement, type ImageElement, type Reply, type RichText } from '../../chat/reply.ts';
import { AFFECTED_STATUSES, compareUrgency, needsCheckByHand, viewForBulletin } from '../../domain/fleet/fleet-audit.ts';
import { UNAVAILABLE_TITLE, type InventoryUnavailable } from '../../chat/ports.ts';
import { type DeviceView } from '../../domain/fleet/fleet-audit.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';

/** Devices named in the briefing, most urgent first; the rest are a `devices` away. */
const URGENT_SHOWN = 15;

/** The exposure a briefing shows; when it changes, the living message is edited. */
export interface BriefingDigest {
  readonly affected: number;
  readonly unpatched: readonly string[];
  readonly byStatus: string;
  /** Devices whose version cannot be judged; absent in digests stored before they were listed. */
  readonly checkByHand?: readonly string[];
  /** Why the fleet could not be judged at all, when it could not. */
  readonly unavailable?: string;
}

/**
 * The devices exposed to one bulletin (affected by at least one of its CVEs), whatever their state,
 * most urgent first by that bulletin's CVEs alone.
 */
export function exposedTo(advisory: Advisory, views: readonly DeviceView[]): DeviceView[] {
  return views
    .map((v) => viewForBulletin(v, advisory.id))
    .filter((v) => AFFECTED_STATUSES.has(v.status))
    .sort((a, b) => compareUrgency(a.finding, b.finding, advisory.id));
}

/** How the patching goes, for the briefing to show: the pace in words and, when drawn, the burn-down chart. */
export interface BriefingProgress {
  readonly pace: string;
  readonly chart: ImageElement | null;
}

/**
 * The incident briefing for one bulletin, in one message: what happened, severity per CVE, affected
 * and fixed releases by train, the no-workaround notice, our exposure (by status, site and owner, most
 * urgent devices first, with the pace of patching and its burn-down chart), what to do, indicators and
 * references, and how fresh the inventory is.
 */
export function buildBriefing(
  advisory: Advisory,
  catalog: AdvisoryCatalog,
  views: readonly DeviceView[],
  freshness: string,
  unavailable: InventoryUnavailable | null = null,
  progress: BriefingProgress | null = null,
): { reply: Reply; digest: BriefingDigest } {
  const exposed = exposedTo(advisory, views);
  const unpatched = exposed.filter((v) => v.status === 'unpatched');
  const byHand = views.filter((v) => needsCheckByHand(v.finding));
  const digest: BriefingDigest = {
    affected: exposed.length,
    unpatched: unpatched.map((v) => v.finding.device.name).sort(),
    byStatus: countByStatus(exposed),
    checkByHand: byHand.map((v) => v.finding.device.name).sort(),
    ...(unavailable === null ? {} : { unavailable: unavailable.kind }),
  };
  // With no inventory, or none read, "0 affected" would read as "we are not exposed".
  const exposureValue =
    unavailable !== null
      ? `Unknown: ${UNAVAILABLE_TITLE[unavailable.kind].charAt(0).toLowerCase()}${UNAVAILABLE_TITLE[unavailable.kind].slice(1)}`
      : `${exposed.length} device${exposed.length === 1 ? '' : 's'} affected, ${unpatched.length} unpatched${byHand.length === 0 ? '' : `, ${byHand.length} to check by hand`}`;

  const headline: Card = {
    title: `Incident briefing: ${advisory.id}`,
    tone: advisoryTone(advisory),
    elements: [
      { kind: 'text', text: advisory.summary },
      {
        kind: 'fields',
        fields: [
          { label: 'Bulletin', value: `${advisory.id} (${advisory.published})` },
          { label: 'Our exposure', value: exposureValue },
          { label: 'Workaround', value: advisory.workaround ?? 'None: upgrading is the only fix' },
          { label: 'CVEs', value: advisory.vulnerabilities.map((v) => v.id).join(', ') },
        ],
      },
      vulnerabilitiesList(advisory, catalog, 'Severity per CVE'),
      ...releaseLists(advisory, catalog),
    ],
    actions: [],
  };

  const exposure: CardElement[] = [
    {
      kind: 'text',
      text:
        unavailable !== null
          ? `${unavailable.reason.charAt(0).toUpperCase()}${unavailable.reason.slice(1)}. Our exposure is unknown: this is not an all-clear.`
          : exposed.length === 0
            ? 'No device in the inventory runs an affected release.'
            : `${exposed.length} affected: ${digest.byStatus}.`,
    },
  ];
  // The pace and the chart are about the patching: nothing to show while the fleet cannot be judged.
  if (progress !== null && unavailable === null) {
    exposure.push({ kind: 'text', text: `Progress: ${progress.pace}.` });
    if (progress.chart !== null) exposure.push(progress.chart);
  }
  if (exposed.length > 0) {
    exposure.push({ kind: 'list', title: 'By site', items: groupLines(exposed, (v) => v.finding.device.site, 12) });
    exposure.push({ kind: 'list', title: 'By owner', items: groupLines(exposed, (v) => v.finding.device.owner, 12) });
    exposure.push({
      kind: 'list',
      title: `Most urgent first${exposed.length > URGENT_SHOWN ? ` (${URGENT_SHOWN} of ${exposed.length})` : ''}`,
      items: exposed.slice(0, URGENT_SHOWN).map((v) => deviceLine(v, advisory.id)),
    });
    if (exposed.length > URGENT_SHOWN) {
      exposure.push({
        kind: 'context',
        text: [
          span.plain(`${exposed.length - URGENT_SHOWN} more: type `),
          span.code(`devices advisory=${advisory.id}`),
          span.plain(' for every affected device, a page at a time.'),
        ],
      });
    }
  }
  if (byHand.length > 0) {
    exposure.push({
      kind: 'list',
      title: `Version cannot be judged, check by hand (${byHand.length})`,
      items: [
        ...byHand.slice(0, URGENT_SHOWN).map((v) => deviceLine(v)),
        ...(byHand.length > URGENT_SHOWN ? [`…and ${byHand.length - URGENT_SHOWN} more: devices status=all`] : []),
      ],
    });
  }
  exposure.push({ kind: 'context', text: freshness });
  const exposureCard: Card = {
    title:
      unavailable !== null
        ? `Our exposure to ${advisory.id}: unknown`
        : `Our exposure to ${advisory.id}: ${unpatched.length} unpatched of ${exposed.length} affected`,
    tone: unpatched.length > 0 ? advisoryTone(advisory) : unavailable !== null || byHand.length > 0 ? 'warning' : 'good',
    elements: exposure,
    actions: [{ label: 'Unpatched devices', command: `devices advisory=${advisory.id} status=unpatched` }],
  };

  const todo: Card = {
    title: 'What to do',
    tone: 'info',
    elements: [{ kind: 'list', title: 'Checklist', ordered: true, items: checklist(advisory, exposed) }, ...indicatorsList(advisory), referencesList(advisory)],
    actions: [{ label: `Full ${advisory.id} card`, command: `advisory ${advisory.id}` }],
  };
  return {
    reply: {
      cards: [headline, exposureCard, todo],
      visibility: 'public',
      fallback: `Incident briefing ${advisory.id}: ${unavailable !== null ? `our exposure is unknown (${UNAVAILABLE_TITLE[unavailable.kind].toLowerCase()})` : `${exposed.length} of our devices affected, ${unpatched.length} unpatched`}. ${advisory.summary}`,
    },
    digest,
  };
}

/** Upgrade targets per train from the exposed devices, then the standing incident steps. */
function checklist(advisory: Advisory, exposed: readonly DeviceView[]): RichText[] {
  const targets = new Map<string, string>();
  for (const view of exposed) {
    const version = view.finding.verdict.reading.kind === 'screenos' ? view.finding.verdict.reading.version.train : null;
    if (version !== null && view.finding.verdict.upgradeTo !== null) targets.set(version, view.finding.verdict.upgradeTo);
  }
  const upgrade =
    targets.size === 0
      ? 'Upgrade any device on an affected release to a fixed release on its train (see Fixed releases).'
      : `Upgrade: ${[...targets]
          .sort()
          .map(([train, target]) => `${train} → ${target}`)
          .join('; ')} (the lowest release clearing every loaded bulletin).`;
  const steps: RichText[] = [
    upgrade,
    ...(advisory.workaround === null
      ? ['There is no workaround; until the upgrade, restrict SSH and telnet management access to trusted networks.']
      : [`Until the upgrade: ${advisory.workaround}`]),
    'After upgrading, rotate admin credentials and VPN pre-shared keys and certificates: past traffic may already have been read.',
    // The same words on every platform: the command span shows how to send it where the briefing is read.
    [span.plain('Hunt the logs: send '), span.command('hunt'), span.plain(' followed by pasted event log or syslog lines.')],
    'Acknowledge or snooze devices as they are handled, so that reminders and this briefing stay current.',
  ];
  return steps;
}
