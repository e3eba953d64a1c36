import type { CardAction } from '../../src/chat/reply.ts';

/** Buttons a card carries at most; the ones past the primary row go to Teams' "…" overflow menu. */
export const MAX_ACTIONS = 6;
/** Primary buttons in one row: a fourth would not fit a phone-wide card. */
export const MAX_PRIMARY = 3;

/**
 * Characters a button title shows unclipped when `n` primary buttons share a row of a 400 px card
 * (Teams on a phone): the row is about 360 px, buttons split it evenly with 8 px between them and
 * 12 px of padding each side, and Teams' 14 px Segoe UI averages about 7 px a character.
 */
export function titleRoom(n: number): number {
  return Math.floor(((360 - 8 * (n - 1)) / n - 24) / 7);
}

/** "Show JSA10713" is "JSA10713" when room is short: the id says it all. */
export function shortTitle(label: string): string {
  return label.replace(/^Show (?=\S*\d\S*$)/, '');
}

export interface PlannedAction {
  readonly action: CardAction;
  readonly title: string;
  readonly primary: boolean;
}

/**
 * Which buttons are primary and what they are called: as many as fit in one row (at most three) with
 * every title unclipped, shortened ("Show JSA10713" → "JSA10713") where that makes it fit; the rest go
 * to the overflow menu with their full titles. The first button is always primary.
 */
export function planActions(actions: readonly CardAction[]): PlannedAction[] {
  const shown = actions.slice(0, MAX_ACTIONS);
  const titleFor = (label: string, room: number): string => (label.length <= room ? label : shortTitle(label));
  let primaries = 1;
  for (let n = Math.min(MAX_PRIMARY, shown.length); n > 1; n--) {
    if (shown.slice(0, n).every((a) => titleFor(a.label, titleRoom(n)).length <= titleRoom(n))) {
      primaries = n;
      break;
    }
  }
  const room = titleRoom(primaries);
  return shown.map((action, i) =>
    i < primaries ? { action, title: titleFor(action.label, room), primary: true } : { action, title: action.label, primary: false },
  );
}
