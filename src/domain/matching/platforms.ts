/**
 * Whether a device's hardware model falls under a platform a bulletin names. Juniper names series and
 * models: "SRX Series" covers every SRX (`SRX345`, `SRX5800`); "SRX300 Series" the models of that line,
 * which share the letters, the first digit and the number of digits (`SRX300`, `SRX320`, `SRX345`,
 * `SRX380`); a model (`EX4300`, `MX104`, `SRX550HM`) covers its variants (`EX4300-48T`). Case, spaces
 * and hyphens do not matter (`SSG-5` is `SSG5`). Anything else must match exactly.
 */
export function platformCovers(named: string, model: string): boolean {
  const device = squeeze(model);
  const series = /^(.*?)\s*series$/i.exec(named.trim());
  if (series === null) return startsWithModel(device, squeeze(named));
  const family = squeeze(series[1] ?? '');
  const line = /^([A-Z]+)(\d+)$/.exec(family);
  if (line === null) return /^[A-Z]+$/.test(family) && new RegExp(`^${family}\\d`).test(device);
  const [, letters = '', digits = ''] = line;
  const deviceLine = /^([A-Z]+)(\d+)/.exec(device);
  return deviceLine !== null && deviceLine[1] === letters && (deviceLine[2] ?? '').length === digits.length && deviceLine[2]?.charAt(0) === digits.charAt(0);
}

// A hardware model as Juniper names them: letters, then a number (`SRX345`, `EX4300-48T`, `SSG-140`,
// `PTX10001-36MR`), then any variant suffix.
const MODEL = /^[A-Za-z]{2,8}-?\d[A-Za-z0-9-]*/;

/**
 * The hardware model a device's platform text names, or null when it names none (`rack 4`, `unknown`,
 * empty). Platforms come as free text from inventories: text that names no model must never clear a
 * device of a bulletin limited to other platforms, so such a device is judged as a version alone.
 * Trailing words are dropped: `SSG-140, rack 4` is an SSG-140.
 */
export function readModel(platform: string | null | undefined): string | null {
  const m = MODEL.exec((platform ?? '').trim());
  return m === null ? null : m[0].replace(/-+$/, '');
}

/** Whether any of the named platforms covers the model. */
export function platformsCover(named: readonly string[], model: string): boolean {
  return named.some((n) => platformCovers(n, model));
}

/**
 * Whether an entry limited to some platforms covers the model: one of its platforms does, and none of
 * the models it excepts (JSA93446: "EX4300 Series … except EX4300-48MP").
 */
export function entryCovers(entry: { readonly platforms: readonly string[]; readonly except: readonly string[] }, model: string): boolean {
  return platformsCover(entry.platforms, model) && !platformsCover(entry.except, model);
}

/** Upper case, no spaces, no hyphen between the letters and the number (`SSG-5` is `SSG5`). */
function squeeze(text: string): string {
  return text
    .toUpperCase()
    .replace(/\s+/g, '')
    .replace(/^([A-Z]+)-(?=\d)/, '$1');
}

/** `EX4300` covers `EX4300` and its variants after a hyphen (`EX4300-48T`), not `EX43001` or `EX4300MP`. */
function startsWithModel(device: string, model: string): boolean {
  return device === model || device.startsWith(`${model}-`);
}
