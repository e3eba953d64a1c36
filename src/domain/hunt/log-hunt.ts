/**
 * Hunts ScreenOS logs for the login pattern of the JSA10713 backdoor (CVE-2015-7755): message 00515
 * "Admin user system has logged on via SSH from <ip>:<port>" (the user is literally `system`) with an 00528
 * "SSH: Password authentication successful for admin user '<name>' at host <ip>" from the same source.
 * Each line is read by ./login-pair-lines.ts; this pairs them within a window and reports. The same pass
 * sweeps each line for the loaded bulletins' own log indicators (./indicator-sweep.ts).
 * Pure: it only consumes an iterable, line by line, and never holds the whole input in one string.
 */
import type { Advisory } from '../advisories/types.ts';
import { IndicatorSweep, type BulletinHits, type SweepCoverage, type SweepTally } from './indicator-sweep.ts';
import { deviceOf, mentionsLoginPair, parseLoginPairLine, timestampOf } from './login-pair-lines.ts';

/** One backdoor login: the 00515 line, and the 00528 line when one was paired with it. */
export interface Finding {
  /** `YYYY-MM-DD HH:MM:SS` when the line has one, else the syslog `Mon DD HH:MM:SS`. */
  readonly timestamp: string | null;
  /** The IP address the login came from. */
  readonly source: string;
  readonly port: number | null;
  /** The name the attacker typed, from the 00528 line; null for a lone 00515. */
  readonly adminUser: string | null;
  /** From `device_id=` or the syslog host field. */
  readonly device: string | null;
  /** 1-based line numbers, ascending. */
  readonly lines: readonly number[];
}

export interface HuntReport {
  readonly linesRead: number;
  /** UTF-8 bytes read, line breaks included. */
  readonly bytesRead: number;
  /** The byte limit stopped the hunt: the rest of the input was not read. */
  readonly truncated: boolean;
  readonly findings: readonly Finding[];
  /** 00515 logins as `system` with no 00528 to pair: still the backdoor's first line, so reported. */
  readonly loneSystemLogins: readonly Finding[];
  /** Lines that mention 00515 or 00528 but could not be read (cut off, or worded differently). */
  readonly malformed: number;
  /** The first few of those, for a person to look at. */
  readonly malformedLines: readonly number[];
  /** The bulletins' indicators found, per bulletin in the catalog's order; none without `indicators`. */
  readonly indicatorHits: readonly BulletinHits[];
  /** Lines holding at least one of those indicators. */
  readonly indicatorLines: number;
  /** What the indicator sweep looked for. */
  readonly coverage: SweepCoverage;
}

export interface HuntOptions {
  /** Stop before the line that would take the input past this many UTF-8 bytes. */
  readonly maxBytes: number;
  /** The bulletins' indicators to sweep the lines for too ({@link huntIndicatorsOf}); the login pair alone without. */
  readonly indicators?: IndicatorSweep;
}

/** How far apart, in lines, the two lines of a pair may be; other sources' lines may come between. */
export const PAIR_WINDOW = 50;
const MALFORMED_LINES_KEPT = 10;

const sweeps = new WeakMap<readonly Advisory[], IndicatorSweep>();
const NO_INDICATORS = new IndicatorSweep([]);

/**
 * The log indicators of `bulletins`, compiled once per list (the catalog's list lives as long as the
 * catalog). A `log_pattern` that names a line of the login pair (JSA10713's 00515 and 00528 wording) is
 * left to the pair hunt: an 00528 line alone is an ordinary admin login, and the pair says more.
 */
export function huntIndicatorsOf(bulletins: readonly Advisory[]): IndicatorSweep {
  let sweep = sweeps.get(bulletins);
  if (sweep === undefined) {
    sweep = new IndicatorSweep(bulletins, (indicator) => indicator.kind === 'log_pattern' && mentionsLoginPair(indicator.value));
    sweeps.set(bulletins, sweep);
  }
  return sweep;
}

interface Sighting {
  readonly line: number;
  readonly source: string;
  readonly timestamp: string | null;
  readonly device: string | null;
}
interface Login extends Sighting {
  readonly port: number | null;
}
interface Auth extends Sighting {
  readonly adminUser: string;
  claimed: boolean;
}

/** Same address, and the same device unless one of the two lines names none. */
function sameSource(a: Sighting, b: Sighting): boolean {
  return a.source === b.source && (a.device === null || b.device === null || a.device.toLowerCase() === b.device.toLowerCase());
}

/**
 * The hunt as a state machine fed one line at a time, so that memory stays bounded by the pair window
 * whatever the input's size.
 */
class BackdoorHunt {
  private linesRead = 0;
  private bytesRead = 0;
  private truncated = false;
  private malformed = 0;
  private readonly malformedLines: number[] = [];
  private readonly findings: Finding[] = [];
  private readonly lone: Finding[] = [];
  private pending: Login[] = [];
  private recentAuths: Auth[] = [];
  private readonly sweep: SweepTally;

  constructor(
    private readonly maxBytes: number,
    private readonly indicators: IndicatorSweep = NO_INDICATORS,
  ) {
    this.sweep = indicators.start();
  }

  /** Bytes still allowed. */
  get room(): number {
    return this.maxBytes - this.bytesRead;
  }

  /** Reads one line that takes `bytes` bytes of input; false, without reading it, once the limit is hit. */
  read(text: string, bytes: number): boolean {
    if (this.truncated) return false;
    if (bytes > this.room) {
      this.truncated = true;
      return false;
    }
    this.bytesRead += bytes;
    const line = ++this.linesRead;
    this.expire(line);
    const bare = text.replace(/\r?\n?$/, '');
    this.sweep.read(bare, line);
    const parsed = parseLoginPairLine(bare);
    if (parsed.kind === 'unreadable') {
      this.malformed++;
      if (this.malformedLines.length < MALFORMED_LINES_KEPT) this.malformedLines.push(line);
    } else if (parsed.kind === 'system-login') {
      this.pending.push({ line, source: parsed.source, port: parsed.port, timestamp: timestampOf(text), device: deviceOf(text) });
    } else if (parsed.kind === 'auth') {
      const auth: Auth = { line, source: parsed.source, adminUser: parsed.adminUser, timestamp: timestampOf(text), device: deviceOf(text), claimed: false };
      // The oldest waiting login from that source takes it, so two logins from one attacker pair in order.
      const login = this.pending.find((l) => sameSource(l, auth));
      if (login !== undefined) {
        this.pending = this.pending.filter((l) => l !== login);
        this.pair(login, auth);
      } else {
        this.recentAuths.push(auth);
      }
    }
    return true;
  }

  /** Marks the input as cut short without reading more (a line too long for what is left of the limit). */
  stop(): void {
    this.truncated = true;
  }

  finish(): HuntReport {
    this.expire(Number.POSITIVE_INFINITY);
    const byLine = (a: Finding, b: Finding): number => (a.lines[0] ?? 0) - (b.lines[0] ?? 0);
    return {
      linesRead: this.linesRead,
      bytesRead: this.bytesRead,
      truncated: this.truncated,
      findings: [...this.findings].sort(byLine),
      loneSystemLogins: [...this.lone].sort(byLine),
      malformed: this.malformed,
      malformedLines: [...this.malformedLines],
      indicatorHits: this.sweep.finish(),
      indicatorLines: this.sweep.lines,
      coverage: this.indicators.coverage,
    };
  }

  /**
   * Settles the logins that waited a full window for their 00528. `get event` on the device lists the
   * newest entry first, so a pasted pair can also appear with the 00528 above the 00515: an unclaimed one
   * within the window above pairs before the login counts as lone.
   */
  private expire(line: number): void {
    if (this.pending.length === 0 && this.recentAuths.length === 0) return;
    const due = this.pending.filter((l) => line - l.line > PAIR_WINDOW);
    this.pending = this.pending.filter((l) => line - l.line <= PAIR_WINDOW);
    for (const login of due) {
      const before = this.recentAuths.filter((a) => !a.claimed && a.line < login.line && login.line - a.line <= PAIR_WINDOW && sameSource(a, login));
      const nearest = before.at(-1);
      if (nearest !== undefined) this.pair(login, nearest);
      else this.lone.push(this.findingOf(login));
    }
    this.recentAuths = this.recentAuths.filter((a) => !a.claimed && line - a.line <= 2 * PAIR_WINDOW);
  }

  private pair(login: Login, auth: Auth): void {
    auth.claimed = true;
    this.findings.push({
      ...this.findingOf(login),
      timestamp: login.timestamp ?? auth.timestamp,
      adminUser: auth.adminUser,
      device: login.device ?? auth.device,
      lines: [login.line, auth.line].sort((a, b) => a - b),
    });
  }

  private findingOf(login: Login): Finding {
    const { timestamp, source, port, device } = login;
    return { timestamp, source, port, adminUser: null, device, lines: [login.line] };
  }
}

/**
 * Hunts lines given without their line breaks (as `readline` or `split('\n')` yield them). Each line counts
 * its UTF-8 bytes plus one for its break. Stops pulling from `lines` at the limit, so a stream is read no
 * further than needed.
 */
export async function huntLines(lines: AsyncIterable<string> | Iterable<string>, options: HuntOptions): Promise<HuntReport> {
  const hunt = new BackdoorHunt(options.maxBytes, options.indicators);
  for await (const line of lines) {
    if (!hunt.read(line, Buffer.byteLength(line, 'utf8') + 1)) break;
  }
  return hunt.finish();
}

/**
 * Hunts raw chunks (a file upload's readable stream), splitting lines itself rather than with `readline`:
 * bytes are counted exactly, CRLF included, and a line longer than what is left of the limit stops the hunt
 * instead of being buffered whole. Leaving the loop early closes a Node stream.
 */
export async function huntChunks(chunks: AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>, options: HuntOptions): Promise<HuntReport> {
  const hunt = new BackdoorHunt(options.maxBytes, options.indicators);
  let partial: Buffer[] = [];
  let partialBytes = 0;
  reading: for await (const chunk of chunks) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let start = 0;
    // 0x0a never occurs inside a multi-byte UTF-8 sequence, so splitting bytes on it is safe.
    for (let end = bytes.indexOf(0x0a); end !== -1; end = bytes.indexOf(0x0a, start)) {
      const line = Buffer.concat([...partial, bytes.subarray(start, end + 1)]);
      partial = [];
      partialBytes = 0;
      if (!hunt.read(line.toString('utf8'), line.length)) break reading;
      start = end + 1;
    }
    if (start < bytes.length) {
      partial.push(bytes.subarray(start));
      partialBytes += bytes.length - start;
      if (partialBytes > hunt.room) {
        hunt.stop();
        break;
      }
    }
  }
  if (partialBytes > 0) hunt.read(Buffer.concat(partial).toString('utf8'), partialBytes);
  return hunt.finish();
}
