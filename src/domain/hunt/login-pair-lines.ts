/**
 * The two log lines of the JSA10713 backdoor's login pair as ScreenOS writes them: message 00515 "Admin
 * user system has logged on via SSH from <ip>:<port>" and 00528 "SSH: Password authentication successful
 * for admin user '<name>' at host <ip>", and what else a line tells (its time, its device). One line at a
 * time, pure; pairing the lines is the hunt's (./log-hunt.ts).
 */

/**
 * A user or device name read from a line is kept to this many characters, the cut marked with `…`.
 * Real names are far shorter; a longer one comes from a mangled or hostile line, and at full length it
 * would fill the answer with one name (a 200 KB line is not unusual in a paste gone wrong).
 */
export const MAX_NAME_SHOWN = 100;

function clip(name: string): string {
  if (name.length <= MAX_NAME_SHOWN) return name;
  const last = name.charCodeAt(MAX_NAME_SHOWN - 2);
  // Never cut between the two halves of a surrogate pair.
  const keep = last >= 0xd800 && last <= 0xdbff ? MAX_NAME_SHOWN - 2 : MAX_NAME_SHOWN - 1;
  return `${name.slice(0, keep)}…`;
}

const IPV4 = String.raw`(?:\d{1,3}\.){3}\d{1,3}`;
// An address ends at the end of the line or at anything that could not continue it (a final full stop may).
const END = String.raw`(?=$|[^\w.:]|\.(?!\w))`;
const USER = String.raw`(?:'([^']*)'|"([^"]*)"|(\S+))`;
const LOGIN = new RegExp(String.raw`admin user\s+${USER}\s+has logged on via\s+(\S+)\s+from\s+(${IPV4})(?::(\d{1,5}))?${END}`, 'i');
const AUTH = new RegExp(String.raw`password authentication\s+(successful|failed)\s+for admin user\s+${USER}\s+at host\s+(${IPV4})${END}`, 'i');
const MENTION = /\b005(?:15|28)\b|has logged on via ssh|password authentication successful/i;

/** Whether `text` names a line of the login pair: its message ids, or the wording of either line. */
export function mentionsLoginPair(text: string): boolean {
  return MENTION.test(text);
}

const ISO_TIME = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})/;
const SYSLOG_TIME = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{1,2})\s+(\d{2}:\d{2}:\d{2})\b/;
const DEVICE_ID = /\bdevice_id=(?:"([^"]+)"|([^\s,;]+))/i;
// The host field of a BSD syslog header (`Dec 23 17:25:27 host …`) or of RFC 5424 (`<134>1 2015-… host …`).
const SYSLOG_HOST = /^(?:<\d{1,3}>)?(?:[A-Z][a-z]{2}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}|1\s+\S+)\s+([^\s:]+)/;

/** What one line says of the login pair: the `system` login over SSH, a successful password login, neither, or a mention it cannot read. */
export type LoginPairLine =
  | { readonly kind: 'system-login'; readonly source: string; readonly port: number | null }
  | { readonly kind: 'auth'; readonly source: string; readonly adminUser: string }
  | { readonly kind: 'other' }
  | { readonly kind: 'unreadable' };

/**
 * Reads one line (without its line break) as part of the login pair or not. A line that mentions 00515 or
 * 00528 in words neither pattern reads (cut off, or worded differently) is `unreadable`, for a person to
 * look at; a login as any other user, over another method, or a failed password is `other`.
 */
export function parseLoginPairLine(text: string): LoginPairLine {
  if (!MENTION.test(text)) return { kind: 'other' };
  const login = LOGIN.exec(text);
  if (login !== null) {
    const [, quoted, doubleQuoted, bare, method = '', source = '', port] = login;
    const user = quoted ?? doubleQuoted ?? bare ?? '';
    // A login as any other user, or over another method, is an ordinary admin login.
    if (user.toLowerCase() !== 'system' || method.toLowerCase() !== 'ssh') return { kind: 'other' };
    return { kind: 'system-login', source, port: port === undefined ? null : Number(port) };
  }
  const auth = AUTH.exec(text);
  if (auth !== null) {
    const [, outcome = '', quoted, doubleQuoted, bare, source = ''] = auth;
    if (outcome.toLowerCase() !== 'successful') return { kind: 'other' };
    return { kind: 'auth', source, adminUser: clip(quoted ?? doubleQuoted ?? bare ?? '') };
  }
  return { kind: 'unreadable' };
}

/** `YYYY-MM-DD HH:MM:SS` when the line has one, else the syslog `Mon DD HH:MM:SS`, else null. */
export function timestampOf(text: string): string | null {
  const iso = ISO_TIME.exec(text);
  if (iso !== null) return `${iso[1]} ${iso[2]}`;
  const syslog = SYSLOG_TIME.exec(text);
  return syslog === null ? null : `${syslog[1]} ${syslog[2]} ${syslog[3]}`;
}

/** The device a line names, from `device_id=` or the syslog host field, clipped to {@link MAX_NAME_SHOWN}. */
export function deviceOf(text: string): string | null {
  const id = DEVICE_ID.exec(text);
  const named = id === null ? undefined : (id[1] ?? id[2]);
  if (named !== undefined) return clip(named);
  const host = SYSLOG_HOST.exec(text)?.[1];
  return host === undefined || host === '-' ? null : clip(host);
}
