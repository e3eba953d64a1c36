import { isInternetExposed } from '../../domain/fleet/fleet-audit.ts';
import { formatUtc } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import { buildVerdictCard, STATUS_LABEL } from '../render/verdict-card.ts';
import { cardReply, type CardElement } from '../reply.ts';
import { deviceFromArgs, freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

export const deviceCommand: CommandSpec = {
  name: 'device',
  aliases: [],
  usage: 'device <name>',
  summary: 'One device: its version, findings, upgrade target, state and history.',
  examples: ['device ams-edge-fw1'],
  async run({ args, services }) {
    const inventory = inventoryOrReply(services);
    if (isReply(inventory)) return inventory;
    const { name } = deviceFromArgs(inventory, args);
    const now = services.now();
    const view = (await inventory.view(now)).find((v) => v.finding.device.name.toLowerCase() === name.toLowerCase());
    if (name === '' || view === undefined) {
      const close = inventory
        .findings()
        .filter((f) => name !== '' && f.device.name.toLowerCase().includes(name.toLowerCase()))
        .slice(0, 5)
        .map((f) => f.device.name);
      const quote = (device: string): string => (/\s/.test(device) ? `"${device}"` : device);
      return cardReply({
        title: name === '' ? 'Which device?' : `No device “${name}”`,
        tone: 'info',
        elements: [
          {
            kind: 'text',
            text:
              name === ''
                ? 'Usage: device <name>'
                : close.length > 0
                  ? `Did you mean ${close.join(', ')}?`
                  : 'It is not in the inventory; try devices status=all.',
          },
          freshnessElement(inventory, now),
        ],
        actions: close.map((c) => ({ label: c, command: `device ${quote(c)}` })),
      });
    }
    const { device, verdict } = view.finding;
    const card = buildVerdictCard(verdict);
    const elements: CardElement[] = [
      {
        kind: 'fields',
        fields: [
          { label: 'Site', value: device.site },
          { label: 'Owner', value: device.owner },
          // The product and model the device is judged for: bulletins limited to some platforms need the model.
          { label: 'Runs', value: device.platform === null ? `${device.product} (platform not given)` : `${device.product} on ${device.platform}` },
          { label: 'Management IP', value: device.managementIp ?? 'not given' },
          {
            label: 'State',
            value:
              view.state === undefined
                ? view.status.replace('_', ' ')
                : `${view.state.kind}${view.state.until === null ? '' : ` until ${formatUtc(view.state.until)}`} by ${view.state.actor}${view.state.reason === null ? '' : `: ${view.state.reason}`}`,
          },
        ],
      },
      ...(device.tags.length > 0
        ? [{ kind: 'context' as const, text: `Tags: ${device.tags.join(', ')}${isInternetExposed(device) ? ' (internet-exposed)' : ''}` }]
        : []),
      ...card.elements,
    ];
    const history = await inventory.history(device.name);
    if (history.length > 0) {
      elements.push({
        kind: 'list',
        title: 'History',
        items: history.map(
          (h) =>
            `${formatUtc(h.at)} ${h.action} by ${h.actorName ?? h.actor} (${h.platform})${h.detail === null ? '' : ` ${h.detail}`}${h.reason === null ? '' : `: ${h.reason}`}`,
        ),
      });
    }
    elements.push(freshnessElement(inventory, now));
    const actions =
      view.status === 'unpatched'
        ? [
            { label: 'Acknowledge', command: `ack ${device.name}` },
            { label: 'Snooze 1 day', command: `snooze ${device.name} until 1d` },
          ]
        : view.state !== undefined
          ? [{ label: 'Clear state', command: `unack ${device.name}` }]
          : [];
    return cardReply({ title: `${device.name}: ${STATUS_LABEL[verdict.status]}`, tone: card.tone, elements, actions: [...actions, ...card.actions] });
  },
};
