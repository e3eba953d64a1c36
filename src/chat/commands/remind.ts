import { noSuchBulletin } from './advisory.ts';
import type { ReminderPort } from '../ports.ts';
import { describeScope } from '../render/reminder-scope.ts';
import { formatUtc, parseArgs, unknownOptions } from '../args.ts';
import type { CommandRequest, CommandSpec } from '../command.ts';
import { cardReply, span, type Reply } from '../reply.ts';
import { platformKey } from '../message.ts';

const USAGE = ['remind add "<cron>" [tz=Area/City] [site=…] [owner=…] [advisory=…]', 'remind list [all]', 'remind remove|pause|resume|test <id>'];

function answer(title: string, text: string, tone: 'good' | 'info' | 'warning' = 'info', visibility: Reply['visibility'] = 'private'): Reply {
  return cardReply({ title, tone, elements: [{ kind: 'text', text }], actions: [] }, visibility);
}

function usage(problem: string): Reply {
  return cardReply({ title: problem, tone: 'info', elements: [{ kind: 'list', title: 'Usage', items: USAGE.map((u) => [span.code(u)]) }], actions: [] });
}

/**
 * `remind …`: reminders of unpatched devices on a cron schedule, in this conversation. Changing them is
 * for admins; anyone may list them.
 */
export const remindCommand: CommandSpec = {
  name: 'remind',
  // `remind` alone and `remind list` show the schedules to anyone; every other subcommand changes them.
  adminOnly: { action: 'change reminders', appliesTo: (args) => !/^(list\b|$)/i.test(args.trim()), hint: 'Anyone may use remind list.' },
  aliases: ['reminder', 'reminders'],
  usage: 'remind add "<cron>" [tz=…] [site=…] [owner=…] [advisory=…] | list | remove|pause|resume|test <id>',
  summary: 'Reminds this channel of unpatched devices on a schedule, addressed to their owners, until they are fixed, acknowledged or snoozed.',
  examples: ['remind add "0 9 * * 1-5" tz=Europe/Berlin site=Frankfurt', 'remind list', 'remind test 1'],
  async run(request) {
    const service = request.services.reminders;
    if (service === null) return answer('Reminders are not running', 'Reminders need the store and an inventory; check the configuration.');
    const [sub = 'list', ...rest] = request.args.split(/\s+/).filter((w) => w !== '');
    const args = rest.join(' ');
    const subcommand = sub.toLowerCase();
    if (subcommand === 'list') return listReminders(service, request, args.trim().toLowerCase() === 'all');
    if (subcommand === 'add') return addReminder(service, request, args);
    if (['remove', 'delete', 'pause', 'resume', 'test'].includes(subcommand)) return changeReminder(service, request, subcommand, args);
    return usage(`“${sub}” is not a remind command`);
  },
};

async function addReminder(service: ReminderPort, request: CommandRequest, args: string): Promise<Reply> {
  const parsed = parseArgs(args);
  const unknown = unknownOptions(parsed, ['tz', 'site', 'owner', 'advisory']);
  if (unknown.length > 0) return usage(`“${unknown.join('”, “')}” is not an option of remind add`);
  const [cron, ...extra] = parsed.words;
  if (cron === undefined) return usage('Which schedule? Put the cron expression in quotes');
  if (extra.length > 0) return usage(`Put the cron expression in quotes: "${[cron, ...extra].join(' ')}"`);
  const advisory = parsed.options.get('advisory') ?? null;
  if (advisory !== null && request.services.catalog.findAdvisory(advisory) === undefined) {
    return noSuchBulletin(advisory, request.services.catalog);
  }
  const scope = {
    site: parsed.options.get('site') ?? null,
    owner: parsed.options.get('owner') ?? null,
    advisory: advisory === null ? null : (request.services.catalog.findAdvisory(advisory)?.id ?? advisory),
  };
  const result = await service.add(request.message.conversation, request.message.author, cron, parsed.options.get('tz') ?? service.defaultTimezone, scope);
  if ('problem' in result) return answer('I could not read that schedule', result.problem);
  const { reminder, next, cannotPost } = result;
  if (cannotPost !== null) {
    return answer(
      `Reminder ${reminder.id} added, but I cannot post here yet`,
      `${cannotPost.charAt(0).toUpperCase()}${cannotPost.slice(1)}. Until then its posts will fail. Every “${reminder.cron}” (${reminder.timezone}), unpatched devices (${describeScope(reminder.scope)}); check with: remind test ${reminder.id}`,
      'warning',
    );
  }
  return answer(
    `Reminder ${reminder.id} added`,
    `Every “${reminder.cron}” (${reminder.timezone}) I will remind this conversation of the unpatched devices (${describeScope(reminder.scope)}). Next: ${next}. Try it now with: remind test ${reminder.id}`,
    'good',
    'public',
  );
}

async function listReminders(service: ReminderPort, request: CommandRequest, all: boolean): Promise<Reply> {
  const key = platformKey(request.message.conversation);
  const rows = await service.list(all ? null : key);
  if (rows.length === 0)
    return answer('No reminders', all ? 'No reminder is set anywhere.' : 'No reminder is set in this conversation. Add one with remind add "0 9 * * 1-5".');
  return cardReply({
    title: `${rows.length} reminder${rows.length === 1 ? '' : 's'}${all ? '' : ' here'}`,
    tone: rows.some((r) => r.reminder.paused) ? 'warning' : 'info',
    elements: [
      {
        kind: 'list',
        items: rows.map(({ reminder, next }) => [
          span.bold(`${reminder.id}`),
          span.plain(' '),
          span.code(reminder.cron),
          span.plain(` ${reminder.timezone} · ${describeScope(reminder.scope)}${all ? ` · ${reminder.conversationName ?? reminder.conversationKey}` : ''} · `),
          span.plain(reminder.paused ? `paused${reminder.pausedReason === null ? '' : ` (${reminder.pausedReason})`}` : `next ${next}`),
          span.plain(reminder.lastSentAt === null ? '' : ` · last posted ${formatUtc(reminder.lastSentAt)}`),
        ]),
      },
    ],
    actions: [],
  });
}

async function changeReminder(service: ReminderPort, request: CommandRequest, subcommand: string, args: string): Promise<Reply> {
  const id = Number(args.trim().replace(/^#/, ''));
  const reminder = Number.isInteger(id) ? await service.find(id) : undefined;
  if (reminder === undefined) return answer(`No reminder “${args.trim()}”`, 'See remind list all for the ids.');
  const author = request.message.author;
  switch (subcommand) {
    case 'remove':
    case 'delete':
      await service.remove(reminder, author);
      return answer(`Reminder ${reminder.id} removed`, 'Recorded in the audit log.', 'good', 'public');
    case 'pause':
      await service.setPaused(reminder, author, true);
      return answer(`Reminder ${reminder.id} paused`, `Resume it with remind resume ${reminder.id}.`, 'good', 'public');
    case 'resume':
      await service.setPaused(reminder, author, false);
      return answer(`Reminder ${reminder.id} resumed`, 'It posts again from its next slot.', 'good', 'public');
    default: {
      const outcome = await service.test(reminder, author);
      const where = reminder.conversationName ?? reminder.conversationKey;
      if (outcome.kind === 'failed') {
        return answer(
          `Reminder ${reminder.id} failed`,
          `The post to ${where} failed: ${outcome.reason}. Scheduled posts would fail the same way; once that is fixed, try again with remind test ${reminder.id}.`,
          'warning',
        );
      }
      if (outcome.kind === 'queued') {
        return answer(
          `Reminder ${reminder.id} is queued`,
          `${where} did not confirm the post in time; it is retried and shown in /healthz until it goes through.`,
          'warning',
        );
      }
      return answer(`Reminder ${reminder.id} posted now`, `Posted to ${where}; its schedule is unchanged.`, 'good');
    }
  }
}
