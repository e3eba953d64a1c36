import { formatDay } from '../../domain/progress/burn-down.ts';
import { loadProgress, progressChart, progressHeadline, type ProgressReport } from '../render/progress-report.ts';
import { ALL_BULLETINS } from '../../domain/progress/progress-counts.ts';
import { parseArgs, unknownOptions } from '../args.ts';
import type { CommandSpec } from '../command.ts';
import { cardReply, span, type CardElement, type Reply, type Tone } from '../reply.ts';
import { noSuchBulletin } from './advisory.ts';
import { freshnessElement, inventoryOrReply, isReply } from './inventory-replies.ts';

/** Sites named when a `site=` matches none. */
const SITES_SHOWN = 12;

/**
 * `progress [advisory] [site=…]`: the burn-down of affected and unpatched devices, for one bulletin or
 * every one, since the bulletin was first counted (or the inventory first synced), as a chart and as the
 * pace in words. Posted visibly: it is what the people in an incident channel look at together.
 */
export const progressCommand: CommandSpec = {
  name: 'progress',
  aliases: ['burndown'],
  usage: 'progress [advisory] [site=…]',
  summary:
    'How fast our affected and unpatched devices go down, for one bulletin (or every one) and one site (or all): a chart since the bulletin was first counted, and the pace in words.',
  examples: ['progress JSA10713', 'progress site=Amsterdam', 'progress CVE-2015-7755 site="New York"'],
  async run({ args, services }) {
    const inventory = inventoryOrReply(services);
    if (isReply(inventory)) return inventory;
    const parsed = parseArgs(args);
    const unknown = unknownOptions(parsed, ['advisory', 'site']);
    const query = parsed.options.get('advisory') ?? parsed.words[0];
    const extra = parsed.words.slice(parsed.options.has('advisory') ? 0 : 1);
    const problems = [...unknown.map((k) => `“${k}” is not an option (advisory, site)`), ...extra.map((w) => `“${w}” is not an option: write site=${w}`)];
    if (problems.length > 0) {
      return cardReply({
        title: 'I could not read that',
        tone: 'info',
        elements: [
          { kind: 'list', items: problems },
          { kind: 'text', text: [span.plain('Usage: '), span.code(this.usage)] },
        ],
        actions: [],
      });
    }
    const advisory = query === undefined ? undefined : services.catalog.findAdvisory(query);
    if (query !== undefined && advisory === undefined) return noSuchBulletin(query, services.catalog);
    const now = services.now();
    const views = await inventory.view(now);
    const site = parsed.options.get('site') ?? null;
    if (site !== null && !views.some((v) => v.finding.device.site.toLowerCase() === site.toLowerCase())) {
      const sites = [...new Set(views.map((v) => v.finding.device.site))].sort();
      return cardReply({
        title: `No device at site “${site}”`,
        tone: 'info',
        elements: [
          {
            kind: 'text',
            text: `Sites in the inventory: ${sites.slice(0, SITES_SHOWN).join(', ')}${sites.length > SITES_SHOWN ? `, and ${sites.length - SITES_SHOWN} more` : ''}.`,
          },
        ],
        actions: [],
      });
    }
    const history = services.history ?? { progressHistory: () => Promise.resolve([]) };
    const report = await loadProgress(history, views, { advisory: advisory?.id ?? ALL_BULLETINS, site, now });
    const reply = progressReply(report);
    const [card] = reply.cards;
    if (card === undefined) return reply;
    const filters = [advisory === undefined ? null : `advisory=${advisory.id}`, site === null ? null : `site=${/\s/.test(site) ? `"${site}"` : site}`].filter(
      (f) => f !== null,
    );
    return {
      ...reply,
      cards: [
        {
          ...card,
          elements: [...card.elements, freshnessElement(inventory, now)],
          actions: [{ label: 'Unpatched devices', command: ['devices', ...filters, 'status=unpatched'].join(' ') }],
        },
      ],
    };
  },
};

/** The burn-down as an answer: the headline, the pace, the chart, and where the lines started. */
export function progressReply(report: ProgressReport): Reply {
  const first = report.points[0];
  const last = report.points[report.points.length - 1];
  const headline = progressHeadline(report);
  const pace = `${report.pace.charAt(0).toUpperCase()}${report.pace.slice(1)}.`;
  const elements: CardElement[] = [{ kind: 'text', text: pace }, progressChart(report)];
  if (first !== undefined && last !== undefined && first.day !== last.day) {
    elements.push({
      kind: 'fields',
      fields: [
        { label: `Affected`, value: `${first.affected} on ${formatDay(first.day)}, ${last.affected} now` },
        { label: `Unpatched`, value: `${first.unpatched} on ${formatDay(first.day)}, ${last.unpatched} now` },
      ],
    });
  }
  const tone: Tone = (last?.affected ?? 0) === 0 ? 'good' : (last?.unpatched ?? 0) > 0 ? 'warning' : 'info';
  return cardReply({ title: headline, tone, elements, actions: [] }, 'public', `${headline}. ${pace}`);
}
