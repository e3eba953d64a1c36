import { anySevere } from '../../domain/matching/severity.ts';
import { deviceLine } from '../../chat/render/device-lines.ts';
import { cardReply, span, type Card, type CardElement, type Reply, type RichText } from '../../chat/reply.ts';
import { describeChanges } from '../../domain/fleet/changes.ts';
import { compareUrgency, needsCheckByHand, viewForBulletin } from '../../domain/fleet/fleet-audit.ts';
import { UNAVAILABLE_TITLE, type InventoryUnavailable } from '../../chat/ports.ts';
import { type DeviceView } from '../../domain/fleet/fleet-audit.ts';
import { affectingFor } from '../../domain/matching/bulletin-status.ts';
import { affecting } from '../../domain/matching/verdict.ts';
import type { ReminderRecord, ReminderScope } from '../../infrastructure/store/store.ts';
import { describeScope } from '../../chat/render/reminder-scope.ts';

/** Devices listed in one reminder before "and N more"; the rest are a `devices` away. */
export const MAX_LISTED = 30;
/** Devices that get their own Acknowledge / Snooze buttons: the most urgent ones. */
export const WITH_BUTTONS = 3;

/**
 * The devices a reminder is about: in scope and unpatched (nobody acknowledged, snoozed or accepted
 * them). Scoped to a bulletin, they are seen through it alone and ordered by its CVEs.
 */
export function unpatchedInScope(views: readonly DeviceView[], scope: ReminderScope): DeviceView[] {
  const id = scope.advisory;
  const scoped = views.filter((v) => inScope(v, scope));
  if (id === null) return scoped.filter((v) => v.status === 'unpatched');
  return scoped
    .map((v) => viewForBulletin(v, id))
    .filter((v) => v.status === 'unpatched')
    .sort((a, b) => compareUrgency(a.finding, b.finding, id));
}

/**
 * The devices in scope whose version cannot be judged: never "unpatched", never clear, so a reminder lists
 * them to be checked by hand. Any bulletin may affect them, so a bulletin in the scope does not leave them out.
 */
export function checkByHandInScope(views: readonly DeviceView[], scope: ReminderScope): DeviceView[] {
  return views.filter((v) => needsCheckByHand(v.finding) && inSiteAndOwner(v, scope));
}

function inSiteAndOwner(view: DeviceView, scope: ReminderScope): boolean {
  const { device } = view.finding;
  if (scope.site !== null && device.site.toLowerCase() !== scope.site.toLowerCase()) return false;
  return scope.owner === null || device.owner.toLowerCase() === scope.owner.toLowerCase();
}

export function inScope(view: DeviceView, scope: ReminderScope): boolean {
  const { verdict } = view.finding;
  if (!inSiteAndOwner(view, scope)) return false;
  if (scope.advisory !== null && !affecting(verdict).some((a) => a.advisory.id.toUpperCase() === scope.advisory?.toUpperCase())) return false;
  return true;
}

/** What one reminder slot should say, or that it should say nothing. */
export type ReminderContent = { readonly kind: 'post'; readonly reply: Reply; readonly digest: string[] } | { readonly kind: 'quiet' };

/** The digest entry of a slot when the fleet could not be judged: the next good slot says no change line. */
const UNAVAILABLE_DIGEST = '!unavailable';
/** Digest entries of devices to check by hand carry this prefix, apart from the unpatched names. */
const BY_HAND_PREFIX = '?';

/**
 * The reminder for one slot: the unpatched devices in scope grouped by site and owner (owners mentioned),
 * then those whose version cannot be judged, what changed since the last reminder, buttons for the most
 * urgent devices, and the inventory's freshness. With nothing left: one "all clear", then silence until
 * something changes. When the fleet cannot be judged at all (`unavailable`: no inventory configured, or
 * none read yet), it says so at every slot: silence or "all clear" would be read as nothing to patch.
 */
export function buildReminder(
  reminder: ReminderRecord,
  views: readonly DeviceView[],
  freshness: string,
  unavailable: InventoryUnavailable | null = null,
): ReminderContent {
  const scopeText = describeScope(reminder.scope);
  if (unavailable !== null) {
    const title = UNAVAILABLE_TITLE[unavailable.kind];
    const text = `${unavailable.reason.charAt(0).toUpperCase()}${unavailable.reason.slice(1)}. This is not an all-clear: I cannot tell which devices are unpatched until the inventory is read.`;
    return {
      kind: 'post',
      digest: [UNAVAILABLE_DIGEST],
      reply: cardReply(
        {
          title: `Reminder: ${title.charAt(0).toLowerCase()}${title.slice(1)} (${scopeText})`,
          tone: 'warning',
          elements: [
            { kind: 'text', text },
            { kind: 'context', text: `Reminder ${reminder.id} (${reminder.cron}, ${reminder.timezone}) · ${freshness}` },
          ],
          actions: [],
        },
        'public',
      ),
    };
  }
  const open = unpatchedInScope(views, reminder.scope);
  const byHand = checkByHandInScope(views, reminder.scope);
  const digest = [...open.map((v) => v.finding.device.name), ...byHand.map((v) => `${BY_HAND_PREFIX}${v.finding.device.name}`)].sort();
  const previous = reminder.lastDigest;
  if (open.length === 0 && byHand.length === 0) {
    if (previous !== null && previous.length === 0) return { kind: 'quiet' };
    return {
      kind: 'post',
      digest,
      reply: cardReply(
        {
          title: `All clear: no unpatched devices (${scopeText})`,
          tone: 'good',
          elements: [
            { kind: 'text', text: `${changeLine(previous, digest, views) ?? 'Nothing left to patch.'} I will stay quiet until something changes.` },
            { kind: 'context', text: freshness },
          ],
          actions: [],
        },
        'public',
      ),
    };
  }
  const elements: CardElement[] = [];
  const change = changeLine(previous, digest, views);
  if (change !== null) elements.push({ kind: 'text', text: change });
  const filter = [
    'devices status=unpatched',
    reminder.scope.advisory === null ? '' : `advisory=${reminder.scope.advisory}`,
    reminder.scope.site === null ? '' : `site="${reminder.scope.site}"`,
    reminder.scope.owner === null ? '' : `owner="${reminder.scope.owner}"`,
  ]
    .filter((p) => p !== '')
    .join(' ');
  const advisoryId = reminder.scope.advisory ?? undefined;
  elements.push(...groupedDevices(open, advisoryId, filter));
  if (byHand.length > 0) {
    const more = byHand.length > MAX_LISTED ? [`…and ${byHand.length - MAX_LISTED} more: devices status=all`] : [];
    elements.push({
      kind: 'list',
      title: `Version cannot be judged, check by hand (${byHand.length})`,
      items: [...byHand.slice(0, MAX_LISTED).map((v) => deviceLine(v)), ...more],
    });
  }
  elements.push({ kind: 'context', text: `Reminder ${reminder.id} (${reminder.cron}, ${reminder.timezone}) · ${freshness}` });
  const byHandText = byHand.length === 0 ? '' : `, ${byHand.length} to check by hand`;
  const summary: Card = {
    title:
      open.length === 0
        ? `Reminder: no unpatched devices (${scopeText})${byHandText}`
        : `Reminder: ${open.length} device${open.length === 1 ? '' : 's'} still unpatched (${scopeText})${byHandText}`,
    tone: open.some((v) => anySevere(affectingFor(v.finding.verdict, advisoryId))) ? 'danger' : 'warning',
    elements,
    actions: [{ label: 'All unpatched devices', command: filter }],
  };
  const cards = [summary, ...open.slice(0, WITH_BUTTONS).map((v) => deviceCard(v, advisoryId))];
  return { kind: 'post', digest, reply: { cards, visibility: 'public', fallback: `${summary.title}.${change === null ? '' : ` ${change}`}` } };
}

/**
 * "3 patched, 1 removed from the inventory, 1 new since the last reminder." Counts unpatched devices only;
 * after a slot that could not judge the fleet there is nothing to compare with.
 */
function changeLine(previous: readonly string[] | null, current: readonly string[], views: readonly DeviceView[]): string | null {
  if (previous === null || previous.includes(UNAVAILABLE_DIGEST)) return null;
  const unpatched = (digest: readonly string[]): string[] => digest.filter((name) => !name.startsWith(BY_HAND_PREFIX));
  const changes = describeChanges(unpatched(previous), unpatched(current), views);
  return changes === null ? 'No change since the last reminder.' : `${changes} since the last reminder.`;
}

/**
 * Devices grouped by site, then owner (mentioned), most urgent group first, capped at MAX_LISTED. In a
 * reminder scoped to a bulletin, each line names that bulletin's CVEs and its nearest fix.
 */
function groupedDevices(open: readonly DeviceView[], advisoryId: string | undefined, filter: string): CardElement[] {
  const groups = new Map<string, DeviceView[]>();
  for (const view of open.slice(0, MAX_LISTED)) {
    const key = `${view.finding.device.site}\u0000${view.finding.device.owner}`;
    groups.set(key, [...(groups.get(key) ?? []), view]);
  }
  const elements: CardElement[] = [];
  for (const [key, members] of groups) {
    const [site = '', owner = ''] = key.split('\u0000');
    const heading: RichText = [span.bold(site), span.plain(' · '), span.mention(owner), span.plain(` (${members.length})`)];
    elements.push({ kind: 'text', text: heading }, { kind: 'list', items: members.map((v) => deviceLine(v, advisoryId)) });
  }
  if (open.length > MAX_LISTED) {
    elements.push({ kind: 'context', text: [span.plain(`…and ${open.length - MAX_LISTED} more: `), span.code(filter)] });
  }
  return elements;
}

function deviceCard(view: DeviceView, advisoryId: string | undefined): Card {
  const name = view.finding.device.name;
  return {
    title: name,
    tone: 'warning',
    elements: [{ kind: 'text', text: deviceLine(view, advisoryId) }],
    actions: [
      { label: 'Acknowledge', command: `ack ${name}` },
      { label: 'Snooze 1 day', command: `snooze ${name} until 1d` },
      { label: 'Snooze 1 week', command: `snooze ${name} until 1w` },
    ],
  };
}
