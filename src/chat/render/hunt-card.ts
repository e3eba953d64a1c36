import type { Finding, HuntReport } from '../../domain/hunt/log-hunt.ts';
import type { AdvisoryCatalog } from '../../domain/matching/catalog.ts';
import { cardReply, span, type CardAction, type CardElement, type Reply, type RichText, type Tone } from '../reply.ts';
import { formatSize } from '../../domain/byte-size.ts';
import { hitBulletins, indicatorHitLists, listing, notSearchedText, plural, searchedText } from './indicator-hits.ts';

const count = new Intl.NumberFormat('en-US');

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

/** Buttons shown at most, for the bulletins found. */
const BULLETIN_BUTTONS = 3;

/**
 * The report as a private card: the backdoor logins first, then each bulletin whose indicators were
 * found, worst first, then what was searched for. Red when anything matched; never green, because a
 * clean log proves nothing: a skilled attacker would likely remove the entries, and VPN decryption
 * leaves no trace.
 */
export function renderHuntReport(report: HuntReport, maxBytes: number, catalog: AdvisoryCatalog): Reply {
  const { findings, loneSystemLogins: lone, malformed } = report;
  const hit = hitBulletins(report, catalog).map((h) => h.bulletin);
  let title = `Nothing matching in ${plural(report.linesRead, 'line')}`;
  if (findings.length > 0) title = `Backdoor login pattern found: ${plural(findings.length, 'login')}`;
  else if (lone.length > 0) title = `Possible backdoor login: ${plural(lone.length, 'SSH login')} as “system”`;
  if (hit.length > 0) {
    title =
      findings.length > 0 || lone.length > 0
        ? `${title}, and indicators of ${listing(hit)}`
        : `Indicators of ${listing(hit)} found in ${plural(report.indicatorLines, 'line')}`;
  }
  const tone: Tone = findings.length > 0 || lone.length > 0 || hit.length > 0 ? 'danger' : report.truncated || malformed > 0 ? 'warning' : 'info';

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
  }
  if (hit.length > 0) {
    elements.push({
      kind: 'text',
      text: `${plural(report.indicatorLines, 'line')} ${report.indicatorLines === 1 ? 'holds' : 'hold'} indicators listed for ${listing(hit)}: each is shown with its lines, the first such line and what a hit means.`,
    });
  }
  elements.push(...findingList('Backdoor logins', findings), ...findingList('Logins as “system” without an 00528 line', lone));
  elements.push(...indicatorHitLists(report, catalog));
  if (findings.length === 0 && lone.length === 0) {
    elements.push({ kind: 'text', text: `No 00515 SSH login by admin user “system” in ${plural(report.linesRead, 'line')}.` });
  }
  elements.push({ kind: 'text', text: searchedText(report, catalog) });
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
    text: 'A log without these lines proves nothing: a skilled attacker would likely remove these entries, and VPN decryption (CVE-2015-7756) leaves no trace. On an affected ScreenOS release, upgrade, then rotate admin credentials and VPN pre-shared keys and certificates anyway.',
  });
  const notSearched = notSearchedText(report, catalog);
  if (notSearched !== null) elements.push({ kind: 'context', text: notSearched });
  elements.push({ kind: 'context', text: `Read ${formatSize(report.bytesRead)} of at most ${formatSize(maxBytes)} (${plural(report.linesRead, 'line')}).` });

  const backdoor: CardAction = { label: 'Show JSA10713', command: 'advisory JSA10713' };
  const bulletins = hit.slice(0, BULLETIN_BUTTONS).map((id): CardAction => ({ label: `Show ${id}`, command: `advisory ${id}` }));
  const actions = findings.length > 0 || lone.length > 0 ? [backdoor, ...bulletins] : [...bulletins, backdoor];
  return cardReply({ title, tone, elements, actions }, 'private');
}
