import { platformKey, type Author } from '../../chat/message.ts';
import { isEmailAddress } from '../../domain/text.ts';

type AdminEntry =
  | { readonly kind: 'platform'; readonly platform: 'slack' | 'teams'; readonly id: string }
  | { readonly kind: 'console' }
  | { readonly kind: 'email'; readonly email: string };

/**
 * Who may change state (acknowledge, snooze, accept risk, manage reminders): `slack:<user id>`,
 * `teams:<AAD object id>`, `console` for the local chat, or an email address matched against the
 * author's email where the platform gives one.
 */
export class AdminList {
  private constructor(private readonly entries: readonly AdminEntry[]) {}

  /** Parses `BOT_ADMINS`; every entry that is none of the four forms is a problem. */
  static parse(text: string): { admins: AdminList; problems: string[] } {
    const entries: AdminEntry[] = [];
    const problems: string[] = [];
    for (const raw of text
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '')) {
      const [prefix, ...rest] = raw.split(':');
      const id = rest.join(':').trim();
      if (raw.toLowerCase() === 'console') entries.push({ kind: 'console' });
      else if (prefix?.toLowerCase() === 'slack' && /^[UW][A-Z0-9]{2,}$/.test(id)) entries.push({ kind: 'platform', platform: 'slack', id });
      else if (prefix?.toLowerCase() === 'teams' && /^[0-9a-fA-F-]{8,}$/.test(id)) entries.push({ kind: 'platform', platform: 'teams', id: id.toLowerCase() });
      else if (rest.length === 0 && isEmailAddress(raw)) entries.push({ kind: 'email', email: raw.toLowerCase() });
      else problems.push(`“${raw}” is not slack:<user id>, teams:<AAD object id>, console or an email address`);
    }
    return { admins: new AdminList(entries), problems };
  }

  isAdmin(author: Author): boolean {
    return this.entries.some((entry) => {
      switch (entry.kind) {
        case 'console':
          return author.platform === 'console';
        case 'platform':
          return author.platform === entry.platform && (entry.platform === 'teams' ? author.id.toLowerCase() === entry.id : author.id === entry.id);
        case 'email':
          return author.email !== undefined && author.email.toLowerCase() === entry.email;
        default: {
          const never: never = entry;
          return never;
        }
      }
    });
  }

  /**
   * Where admins can be told something without a conversation of their own: a Slack user id is a
   * direct-message channel; the console is the terminal. Teams needs a stored chat, so it has none here.
   */
  conversationKeys(): string[] {
    return this.entries.flatMap((e) =>
      e.kind === 'console' ? [platformKey({ platform: 'console', id: 'console' })] : e.kind === 'platform' && e.platform === 'slack' ? [platformKey(e)] : [],
    );
  }

  /** Whether any admin is named by email, so that adapters know to look authors' emails up. */
  hasEmails(): boolean {
    return this.entries.some((e) => e.kind === 'email');
  }

  /** The list as configured, for refusals that name who may do it. */
  describe(): string {
    if (this.entries.length === 0) return 'nobody (BOT_ADMINS is empty)';
    return this.entries.map((e) => (e.kind === 'console' ? 'console' : e.kind === 'email' ? e.email : platformKey(e))).join(', ');
  }
}
