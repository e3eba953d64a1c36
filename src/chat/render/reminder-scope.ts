import type { ReminderScope } from '../../infrastructure/store/store.ts';

/** "site Amsterdam, owner noc@example.com, JSA10713", or "all devices": what a reminder covers, in its own words. */
export function describeScope(scope: ReminderScope): string {
  const parts = [
    scope.site === null ? null : `site ${scope.site}`,
    scope.owner === null ? null : `owner ${scope.owner}`,
    scope.advisory === null ? null : scope.advisory,
  ];
  const text = parts.filter((p) => p !== null).join(', ');
  return text === '' ? 'all devices' : text;
}
