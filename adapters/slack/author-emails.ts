// Concept: the user cache — authors' emails from users.info, kept for an hour, for admins configured by email.
import type { App } from '@slack/bolt';
import type { IncomingMessage } from '../../src/chat/message.ts';
import type { Logger } from '../../src/infrastructure/log.ts';

type WebClient = App['client'];

/** How long a looked-up email (or its absence) is trusted before users.info is asked again. */
const EMAIL_TTL_MS = 3_600_000;

/**
 * A function that adds the author's email to a message where admins are configured by email
 * (`enabled`); users.info, cached for an hour by `now`. A failed lookup is logged and the message goes on without.
 */
export function authorEmails(client: WebClient, log: Logger, enabled: boolean, now: () => Date): (message: IncomingMessage) => Promise<IncomingMessage> {
  const emails = new Map<string, { email: string | undefined; at: number }>();
  return async function withEmail(message: IncomingMessage): Promise<IncomingMessage> {
    if (!enabled) return message;
    const id = message.author.id;
    let cached = emails.get(id);
    if (cached === undefined || now().getTime() - cached.at > EMAIL_TTL_MS) {
      let email: string | undefined;
      try {
        email = (await client.users.info({ user: id })).user?.profile?.email;
      } catch (error) {
        log.warn('slack: could not look up an author’s email', { user: id, error });
      }
      cached = { email, at: now().getTime() };
      emails.set(id, cached);
    }
    return cached.email === undefined ? message : { ...message, author: { ...message.author, email: cached.email } };
  };
}
