import type { Indicator, IndicatorKind } from './types.ts';

/**
 * The indicator kinds that can show in a log line, and so the ones the log hunt searches pasted lines
 * for. The others are not log content: a `file_name` is looked for on the device (and names such as `to`
 * or `null` would flag every log), a `command` is run there, an `ids_rule` or a `scanner_check` belongs to
 * the IDS or the scanner, and a `published_credential` to an IDS rule.
 */
export const LOG_INDICATOR_KINDS = ['log_pattern', 'ip_address', 'file_hash'] as const satisfies readonly IndicatorKind[];

export type LogIndicatorKind = (typeof LOG_INDICATOR_KINDS)[number];

export type LogIndicator = Indicator & { readonly kind: LogIndicatorKind };

export function isLogIndicator(indicator: Indicator): indicator is LogIndicator {
  return (LOG_INDICATOR_KINDS as readonly IndicatorKind[]).includes(indicator.kind);
}

/** Juniper's wildcard in a `log_pattern` (JSA11021's `=*;*&`): any run of characters within one token. */
export const WILDCARD = '*';

/** The literal parts of a `log_pattern`, in order, between its wildcards (none empty). */
export function literalParts(pattern: string): string[] {
  return pattern.split(WILDCARD).filter((part) => part !== '');
}

const SHA256 = /^[0-9a-f]{64}$/i;
const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/**
 * Why the log hunt could not search for this indicator soundly, or null when it can (and for the kinds
 * it does not search). The loader refuses such a value rather than let the hunt match every line, or
 * none, without a word.
 */
export function logIndicatorProblem(kind: string, value: string): string | null {
  if (kind === 'file_hash' && !SHA256.test(value)) return `“${value}” is not a SHA-256 (64 hexadecimal digits)`;
  if (kind === 'ip_address' && !IPV4.test(value)) return `“${value}” is not an IPv4 address such as 192.0.2.1`;
  if (kind === 'log_pattern' && value.includes(WILDCARD)) {
    if (literalParts(value).length === 0) return `“${value}” is wildcards alone, which would match every log line`;
    if (/\s/.test(value)) return `“${value}” has a space and a ${WILDCARD} wildcard, which matches within one token: it could never match`;
  }
  return null;
}
