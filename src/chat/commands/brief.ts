import type { CommandSpec } from '../command.ts';
import { BotError } from '../../domain/errors.ts';
import { cardReply } from '../reply.ts';
import { DEFAULT_ADVISORY, noSuchBulletin } from './advisory.ts';

/** `brief [advisory]`: the incident briefing, posted visibly and kept current in place. */
export const briefCommand: CommandSpec = {
  name: 'brief',
  aliases: ['briefing'],
  usage: 'brief [advisory]',
  summary: `Posts an incident briefing for a bulletin (default BRIEFING_DEFAULT_ADVISORY, ${DEFAULT_ADVISORY} unless set) in this channel: what happened, our exposure to that bulletin (each device with its CVEs and nearest fix), what to do. It stays current as devices are patched or acknowledged.`,
  examples: ['brief', 'brief JSA10713'],
  async run({ args, message, services }) {
    const briefings = services.briefings;
    if (briefings === null)
      return cardReply({
        title: 'Briefings are not running here',
        tone: 'info',
        elements: [{ kind: 'text', text: 'Use advisory for the bulletin card.' }],
        actions: [],
      });
    const advisory = args.split(/\s+/)[0] || briefings.defaultAdvisory;
    let result: Awaited<ReturnType<typeof briefings.post>>;
    try {
      result = await briefings.post(message.conversation, advisory);
    } catch (error) {
      // The platform refused the post because the bot is not in the conversation: the adapter worded how to fix it.
      if (error instanceof BotError && error.code === 'not_in_conversation') {
        return cardReply({
          title: 'I cannot post the briefing here',
          tone: 'warning',
          elements: [{ kind: 'text', text: `${error.message.charAt(0).toUpperCase()}${error.message.slice(1)}, then try again.` }],
          actions: [],
        });
      }
      throw error;
    }
    if ('missing' in result) {
      return noSuchBulletin(advisory, services.catalog);
    }
    if (!result.posted) return result.reply;
    return cardReply({
      title: 'Briefing posted',
      tone: 'good',
      elements: [{ kind: 'text', text: 'It is in this channel and will be edited in place as the exposure changes.' }],
      actions: [],
    });
  },
};
