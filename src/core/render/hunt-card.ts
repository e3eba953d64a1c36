import type { Finding, HuntReport } from '../../hunt/log-hunt.ts';
import { cardReply, span, type CardElement, type Reply, type RichText, type Tone } from '../reply.ts';

const count = new Intl.NumberFormat('en-US');

/** `812 bytes`, `12.3 KB`, `5 MB` (binary units, one decimal at most). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${count.format(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const [value, unit] = bytes < 1024 ** 2 ? [bytes / 1024, 'KB'] : [bytes / 1024 ** 2, 'MB'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

function plural(n: number, word: string): string {
  return `${count.format(n)} ${word}${n === 1 ? '' : 's'}`;
}

function lineNumbers(lines: readonly number[]): string {
  return lines.length === 1 ? `line ${lines[0]}` : `lines ${lines.join(' and ')}`;
}

const LISTED = 20;

function findingItem(finding: Finding): RichText {
  const where = finding.port === null ? finding.source : `${finding.source}:${finding.port}`;
  return [
    span.bold(finding.timestamp ?? 'no timestamp'),
    span.plain(' from '),
    span.code(where),
    ...(finding.adminUser !== null ? [span.plain(' as admin user '), span.code(finding.adminUser)] : []),
    ...(finding.device !== null ? [span.plain(' on '), span.bold(finding.device)] : []),
    span.plain(` (${lineNumbers(finding.lines)})`),
  ];
}

function findingList(title: string, findings: readonly Finding[]): CardElement[] {
  if (findings.length === 0) return [];
  const items = findings.slice(0, LISTED).map(findingItem);
  if (findings.length > LISTED) items.push(`…and ${count.format(findings.length - LISTED)} more`);
  return [{ kind: 'list', title, items }];
}

/**
 * The report as a private card. Red when anything matched; never green, because a clean log proves nothing:
 * a skilled attacker would likely remove the entries, and VPN decryption leaves no trace.
 */
export function renderHuntReport(report: HuntReport, maxBytes: number): Reply {
  const { findings, loneSystemLogins: lone, malformed } = report;
  let title = `Nothing matching in ${plural(report.linesRead, 'line')}`;
  if (findings.length > 0) title = `Backdoor login pattern found: ${plural(findings.length, 'login')}`;
  else if (lone.length > 0) title = `Possible backdoor login: ${plural(lone.length, 'SSH login')} as “system”`;
  const tone: Tone = findings.length > 0 || lone.length > 0 ? 'danger' : report.truncated || malformed > 0 ? 'warning' : 'info';

  const elements: CardElement[] = [];
  if (findings.length > 0) {
    elements.push({
      kind: 'text',
      text: 'An 00515 SSH login by admin user “system” followed by an 00528 password login from the same address is the login pattern of the JSA10713 backdoor (CVE-2015-7755). Treat the device these lines came from as compromised.',
    });
  } else if (lone.length > 0) {
    elements.push({
      kind: 'text',
      text: 'An 00515 SSH login by admin user “system” is the first line of the JSA10713 backdoor pattern (CVE-2015-7755). Its 00528 line was not found: it may have been removed or not pasted.',
    });
  } else {
    elements.push({ kind: 'text', text: `No 00515 SSH login by admin user “system” in ${plural(report.linesRead, 'line')}.` });
  }
  elements.push(...findingList('Backdoor logins', findings), ...findingList('Logins as “system” without an 00528 line', lone));
  if (malformed > 0) {
    const shown = report.malformedLines.join(', ') + (malformed > report.malformedLines.length ? ', …' : '');
    elements.push({
      kind: 'text',
      text: `${plural(malformed, 'line')} ${malformed === 1 ? 'mentions' : 'mention'} 00515 or 00528 but could not be read (cut off, or worded differently): ${malformed === 1 ? 'line' : 'lines'} ${shown}. Check ${malformed === 1 ? 'it' : 'them'} by hand.`,
    });
  }
  if (report.truncated) elements.push({ kind: 'text', text: `Stopped at the ${formatSize(maxBytes)} limit: the rest was not read.` });
  elements.push({
    kind: 'text',
    text: 'A log without these lines proves nothing: a skilled attacker would likely remove them, and VPN decryption (CVE-2015-7756) leaves no trace. On an affected release, upgrade, then rotate admin credentials and VPN pre-shared keys and certificates anyway.',
  });
  elements.push({ kind: 'context', text: `Read ${formatSize(report.bytesRead)} of at most ${formatSize(maxBytes)} (${plural(report.linesRead, 'line')}).` });

  return cardReply({ title, tone, elements, actions: [{ label: 'Show JSA10713', command: 'advisory JSA10713' }] }, 'private');
}
