import type { KevEntry } from '../../domain/advisories/kev-catalog.ts';
import type { Advisory } from '../../domain/advisories/types.ts';
import type { AdminList } from '../../infrastructure/config/admins.ts';
import { platformOf, type Platform } from '../../chat/message.ts';
import { cardReply, span, type Reply } from '../../chat/reply.ts';
import { AFFECTED_STATUSES } from '../../domain/fleet/fleet-audit.ts';
import type { Inventory } from '../inventory/inventory.ts';
import type { DeviceView } from '../../domain/fleet/fleet-audit.ts';
import type { Logger } from '../../infrastructure/log.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { affecting } from '../../domain/matching/verdict.ts';
import type { QueuedMessage, Store } from '../../infrastructure/store/store.ts';

export interface KevAnnouncementOptions {
  readonly store: Store;
  readonly catalog: AdvisoryCatalog;
  readonly inventory: Inventory | null;
  readonly admins: AdminList;
  readonly now: () => Date;
  readonly log: Logger;
}

/** Sites named in the notice; the rest are summed up. */
const SITES_SHOWN = 10;

/**
 * Tells the team about CVEs that CISA has newly listed as exploited (`added`: listings the KEV data in
 * use did not have before) when they matter here: the CVE is in a loaded bulletin whose own file does
 * not already mark it, and at least one device in the inventory runs a release it affects. The notice
 * goes to each channel with a living briefing of that bulletin and to the admins, through the outbox;
 * the store records the CVE in the same step, so it is announced once, whatever restarts follow.
 * Resolves with the CVEs announced now.
 */
export async function announceKnownExploited(added: readonly KevEntry[], options: KevAnnouncementOptions): Promise<string[]> {
  const { store, catalog, inventory, admins, now, log } = options;
  const candidates = added.flatMap((entry) => {
    const listed = catalog.advisories.filter((a) => a.vulnerabilities.some((v) => v.id.toUpperCase() === entry.cveID));
    const alreadyKnown = listed.some((a) => a.vulnerabilities.some((v) => v.id.toUpperCase() === entry.cveID && v.kev !== null));
    return listed.length === 0 || alreadyKnown ? [] : [{ entry, bulletins: listed }];
  });
  if (candidates.length === 0 || inventory === null) return [];
  // Right after a start the inventory may still be on its first read; exposure is judged on the fleet it finds.
  await inventory.firstSync();
  const views = await inventory.view(now());
  const briefings = await store.briefings();
  const announced: string[] = [];
  for (const { entry, bulletins } of candidates) {
    const exposed = views.filter(
      (v) => AFFECTED_STATUSES.has(v.status) && affecting(v.finding.verdict).some((a) => a.vulnerability.id.toUpperCase() === entry.cveID),
    );
    if (exposed.length === 0) {
      log.info('KEV: a newly listed CVE affects none of our devices; not announced', { cve: entry.cveID });
      continue;
    }
    const ids = new Set(bulletins.map((b) => b.id));
    const targets = new Map<string, Platform>();
    for (const briefing of briefings) if (ids.has(briefing.advisory)) targets.set(briefing.conversationKey, briefing.platform);
    for (const key of admins.conversationKeys()) targets.set(key, platformOf(key));
    const reply = buildKnownExploitedNotice(entry, bulletins, exposed);
    const messages: QueuedMessage[] = [...targets].map(([conversationKey, platform]) => ({ conversationKey, platform, reply }));
    try {
      if (await store.announceKnownExploited(entry.cveID, messages, now())) {
        announced.push(entry.cveID);
        log.warn('KEV: a CVE affecting our devices is newly known exploited; announced', {
          cve: entry.cveID,
          devices: exposed.length,
          told: [...targets.keys()],
        });
      } else {
        log.info('KEV: newly listed CVE was announced before', { cve: entry.cveID });
      }
    } catch (error) {
      log.error('KEV: could not queue the announcement', { cve: entry.cveID, error });
    }
  }
  return announced;
}

/**
 * "CVE-… (JSA…) is now in CISA's KEV catalog (added …, due …): N of our devices run an affected
 * release", the devices counted by site, and where to go next.
 */
export function buildKnownExploitedNotice(entry: KevEntry, bulletins: readonly Advisory[], exposed: readonly DeviceView[]): Reply {
  const ids = bulletins.map((b) => b.id).join(', ');
  const first = bulletins[0]?.id ?? ids;
  const count = exposed.length;
  const sentence = `${entry.cveID} (${ids}) is now in CISA's KEV catalog (added ${entry.dateAdded}, due ${entry.dueDate}): ${count} of our devices ${count === 1 ? 'runs' : 'run'} an affected release.`;
  return cardReply(
    {
      title: `${entry.cveID} (${ids}) is now known exploited`,
      tone: 'danger',
      elements: [
        { kind: 'text', text: sentence },
        { kind: 'list', title: 'Affected devices by site', items: countBySite(exposed) },
        { kind: 'context', text: `CISA: ${entry.vulnerabilityName}. ${entry.requiredAction}` },
        {
          kind: 'context',
          text: [
            span.plain('Type '),
            span.code(`brief ${first}`),
            span.plain(' for the briefing with our exposure and what to do, or '),
            span.code('devices status=unpatched'),
            span.plain(' for the devices.'),
          ],
        },
      ],
      actions: [
        { label: `Show ${first}`, command: `advisory ${first}` },
        { label: 'Unpatched devices', command: 'devices status=unpatched' },
      ],
    },
    'public',
    sentence,
  );
}

/** "Amsterdam: 3", largest first, then "…and N more sites". */
function countBySite(views: readonly DeviceView[]): string[] {
  const counts = new Map<string, number>();
  for (const view of views) counts.set(view.finding.device.site, (counts.get(view.finding.device.site) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const lines = sorted.slice(0, SITES_SHOWN).map(([site, n]) => `${site}: ${n}`);
  if (sorted.length > SITES_SHOWN) lines.push(`…and ${sorted.length - SITES_SHOWN} more sites`);
  return lines;
}
