import type { CommandSpec } from './command.ts';
import { BotError } from '../domain/errors.ts';

/** The commands the bot knows, by name and alias. Drives dispatch and `help` alike. */
export class CommandRegistry {
  private readonly specs: CommandSpec[] = [];
  private readonly byWord = new Map<string, CommandSpec>();

  register(spec: CommandSpec): this {
    for (const word of [spec.name, ...spec.aliases]) {
      const key = word.toLowerCase();
      if (this.byWord.has(key)) throw new BotError('duplicate_command', `the command word “${word}” is registered twice`);
      this.byWord.set(key, spec);
    }
    this.specs.push(spec);
    return this;
  }

  /** The command for a word, case-insensitive. */
  find(word: string): CommandSpec | undefined {
    return this.byWord.get(word.toLowerCase());
  }

  /** Commands in registration order. */
  list(): readonly CommandSpec[] {
    return this.specs;
  }

  /** The command word closest to a mistyped one (at most two edits away), for hints. */
  closest(word: string): string | undefined {
    let best: { word: string; distance: number } | undefined;
    for (const candidate of this.byWord.keys()) {
      const distance = editDistance(word.toLowerCase(), candidate);
      if (distance <= 2 && (best === undefined || distance < best.distance)) best = { word: candidate, distance };
    }
    return best?.word;
  }
}

/** Levenshtein distance; inputs here are single command words. */
function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
