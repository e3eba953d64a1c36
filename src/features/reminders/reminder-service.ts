import type { Author, Conversation } from '../../chat/message.ts';
import type { AuditEntry, ReminderRecord, ReminderScope, ReminderStore } from '../../infrastructure/store/store.ts';
import { checkSchedule, describeNext } from '../../domain/schedule/cron-plan.ts';
import type { ReminderScheduler } from './scheduler.ts';
import type { PostNowOutcome, ReminderPort } from '../../chat/ports.ts';
import { platformKey } from '../../chat/message.ts';

/** The reminder commands' view of reminders: validated changes, each written to the audit log. */
export class ReminderService implements ReminderPort {
  constructor(
    private readonly store: ReminderStore,
    private readonly scheduler: ReminderScheduler,
    private readonly now: () => Date,
    readonly defaultTimezone: string,
  ) {}

  /**
   * Adds a reminder for `conversation`; a bad cron or zone comes back as a problem to show. `cannotPost`
   * says why the platform will refuse its posts (the bot is not in the channel), so that the one adding
   * it hears now, not at the first slot.
   */
  async add(
    conversation: Conversation,
    author: Author,
    cron: string,
    timezone: string,
    scope: ReminderScope,
  ): Promise<{ reminder: ReminderRecord; next: string; cannotPost: string | null } | { problem: string }> {
    const checked = checkSchedule(cron, timezone);
    if (!checked.ok) return { problem: checked.problem };
    const at = this.now();
    const reminder = await this.store.addReminder(
      {
        conversationKey: platformKey(conversation),
        platform: conversation.platform,
        conversationName: conversation.name ?? null,
        cron,
        timezone,
        scope,
        createdBy: platformKey(author),
        createdAt: at,
        checkedThrough: at,
      },
      this.audit(author, 'remind add', 'reminder', `${cron} ${timezone}`),
    );
    const cannotPost = await this.scheduler.cannotPost(reminder.conversationKey, reminder.platform);
    return { reminder, next: describeNext(checked.schedule, at) ?? 'never', cannotPost };
  }

  /** Reminders of one conversation, or all of them. */
  async list(conversationKey: string | null): Promise<{ reminder: ReminderRecord; next: string }[]> {
    const at = this.now();
    return (await this.store.reminders())
      .filter((r) => conversationKey === null || r.conversationKey === conversationKey)
      .map((reminder) => {
        const checked = checkSchedule(reminder.cron, reminder.timezone);
        return { reminder, next: reminder.paused ? 'paused' : checked.ok ? (describeNext(checked.schedule, at) ?? 'never') : 'unreadable schedule' };
      });
  }

  async find(id: number): Promise<ReminderRecord | undefined> {
    return (await this.store.reminders()).find((r) => r.id === id);
  }

  async remove(reminder: ReminderRecord, author: Author): Promise<void> {
    await this.store.removeReminder(reminder.id, this.audit(author, 'remind remove', `reminder ${reminder.id}`, null));
  }

  async setPaused(reminder: ReminderRecord, author: Author, paused: boolean): Promise<void> {
    // Resuming plans from now: slots that passed while paused are not sent late.
    await this.store.updateReminder(
      reminder.id,
      { paused, pausedReason: paused ? `paused by ${platformKey(author)}` : null, ...(paused ? {} : { checkedThrough: this.now() }) },
      this.audit(author, paused ? 'remind pause' : 'remind resume', `reminder ${reminder.id}`, null),
    );
  }

  async test(reminder: ReminderRecord, author: Author): Promise<PostNowOutcome> {
    await this.store.appendAudit(this.audit(author, 'remind test', `reminder ${reminder.id}`, null));
    return this.scheduler.postNow(reminder);
  }

  private audit(author: Author, action: string, subject: string, detail: string | null): AuditEntry {
    return {
      at: this.now(),
      platform: author.platform,
      actor: platformKey(author),
      actorName: author.name ?? author.email ?? null,
      action,
      subject,
      detail,
      reason: null,
    };
  }
}
