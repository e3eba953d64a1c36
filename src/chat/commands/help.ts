import type { CommandSpec } from '../command.ts';
import type { CommandRegistry } from '../registry.ts';
import { cardReply, span } from '../reply.ts';
import { loadProblemElements } from './advisories.ts';

/** `help`, generated from the registry so that it lists exactly what dispatch knows. */
export function createHelpCommand(registry: CommandRegistry): CommandSpec {
  return {
    name: 'help',
    aliases: ['?', 'commands'],
    usage: 'help',
    summary: 'This list.',
    examples: ['help'],
    run({ services }) {
      const { catalog } = services;
      return cardReply({
        title: 'screenos-bot: which ScreenOS releases are affected, and what to upgrade to',
        tone: catalog.problems.length > 0 ? 'warning' : 'info',
        elements: [
          {
            kind: 'text',
            text: [
              span.plain('Send a ScreenOS version as it appears on the device, for example '),
              span.code('6.2.0r16'),
              span.plain(', '),
              span.code('6.3.0r12b'),
              span.plain(' or the '),
              span.code('Software Version:'),
              span.plain(' line of '),
              span.code('get system'),
              span.plain('. Several at once work too.'),
            ],
          },
          {
            kind: 'text',
            text: [
              span.plain('Junos OS releases work the same way ('),
              span.code('21.4R3-S5'),
              span.plain(', '),
              span.code('22.3R3-S1-EVO'),
              span.plain(' for Junos OS Evolved); '),
              span.command('junos 21.4R3-S5'),
              span.plain(' judges versions as Junos OS releases only.'),
            ],
          },
          {
            kind: 'list',
            title: 'Commands',
            // Each platform shows a command as it is typed there: `/screenos devices`, `@screenos-bot devices`.
            items: registry
              .list()
              .map((spec) => [
                span.command(spec.usage),
                span.plain(` ${spec.summary}`),
                span.plain(spec.aliases.length > 0 ? ` (also: ${spec.aliases.join(', ')})` : ''),
              ]),
          },
          { kind: 'context', text: `Bulletins loaded: ${catalog.advisories.map((a) => a.id).join(', ') || 'none'}.` },
          ...loadProblemElements(catalog),
        ],
        actions: [
          { label: 'Show JSA10713', command: 'advisory JSA10713' },
          { label: 'All bulletins', command: 'advisories' },
        ],
      });
    },
  };
}
