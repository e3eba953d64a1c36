import type { CommandSpec } from '../command.ts';
import { cardReply } from '../reply.ts';
import { DEFAULT_ADVISORY, noSuchBulletin } from './advisory.ts';

/** `brief [advisory]`: the incident briefing, posted visibly and kept current in place. */
export const briefCommand: CommandSpec = {
  name: 'brief',
  aliases: ['briefing'],
  usage: 'brief [advisory]',
  summary: `Posts an incident briefing for a bulletin (default ${DEFAULT_ADVISORY}) in this channel: what happened, our exposure to that bulletin (each device with its CVEs and nearest fix), what to do. It stays current as devices are patched or acknowledged.`,
  examples: ['brief', 'brief JSA10713'],
  async run({ args, message, services }) {
    const briefings = services.briefings;
    const advisory = args.split(/\s+/)[0] || DEFAULT_ADVISORY;
    if (briefings === null) return cardReply({ title: 'Briefings are not running here', tone: 'info', elements: [{ kind: 'text', text: 'Use advisory for the bulletin card.' }], actions: [] });
    const result = await briefings.post(message.conversation, advisory);
    if ('missing' in result) {
      return noSuchBulletin(advisory, services.catalog);
    }
    if (!result.posted) return result.reply;
    return cardReply({ title: 'Briefing posted', tone: 'good', elements: [{ kind: 'text', text: 'It is in this channel and will be edited in place as the exposure changes.' }], actions: [] });
  },
};
