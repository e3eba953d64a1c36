import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunningBot } from '../../app/main.ts';
import { FakeConnector } from '../fakes/fake-connector.ts';
import { withBot, type BotSetup } from './bot-rig.ts';
import { ManualClock, ONE_SYNC_A_DAY } from './manual-clock.ts';
import { PROJECT_ROOT } from './run-process.ts';

/** The body of an Adaptive Card, its elements as Teams receives them. */
export interface CardContent {
  readonly body: Record<string, unknown>[];
}

/**
 * Runs `use` with a Teams bot that accepts unauthenticated activities and answers through a fresh fake
 * connector, on a clock that starts at 2026-11-26 09:00 UTC and moves only when the test moves it (by
 * days, at times: the inventory syncs once a day).
 */
export async function withTeamsBot(
  setup: Omit<Partial<BotSetup>, 'clock'>,
  use: (bot: RunningBot, connector: FakeConnector, clock: ManualClock) => Promise<void>,
): Promise<void> {
  const connector = await new FakeConnector().start();
  const clock = new ManualClock('2026-11-26T09:00:00Z');
  try {
    const environment = { TEAMS_ALLOW_UNAUTHENTICATED: 'true', ...ONE_SYNC_A_DAY, ...setup.environment };
    await withBot({ ...setup, environment, clock }, (bot) => use(bot, connector, clock));
  } finally {
    await connector.stop();
  }
}

/** Sends `text` as a channel mention and resolves with the card of the answer. */
export async function askInChannel(bot: RunningBot, connector: FakeConnector, text: string): Promise<CardContent> {
  const activity = JSON.parse(await readFile(path.join(PROJECT_ROOT, 'test', 'fixtures', 'teams', 'message-channel-mention.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const before = connector.sent.length;
  await fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl, text: `<at>screenos-bot</at> ${text}` }),
  });
  await connector.waitForSent(before + 1);
  const attachments = connector.sent[before]?.activity.attachments as { content: CardContent }[];
  return attachments[0]?.content ?? { body: [] };
}
