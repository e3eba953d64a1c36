/**
 * The products a device can run, as inventories and people name them. One reading for every place that
 * takes a product name from outside (an inventory's `product` column, NetBox's platform, `product=junos`
 * in a command), so that `JUNOS`, `Junos OS` and `junos` are one product wherever they are typed.
 */

import { schemeById } from './schemes.ts';
import type { ProductId } from './version-scheme.ts';

export type { ProductId } from './version-scheme.ts';

/** Each product as Juniper writes it, and as bulletins name it in their `affected` entries: the schemes' names. */
export const PRODUCT_NAMES: Readonly<Record<ProductId, string>> = {
  screenos: schemeById('screenos').name,
  junos: schemeById('junos').name,
  'junos-evo': schemeById('junos-evo').name,
};

// Spellings after {@link normaliseProductText}: lower case, one space between words, no vendor in front.
const SPELLINGS: ReadonlyMap<string, ProductId> = new Map([
  ['screenos', 'screenos'],
  ['screen os', 'screenos'],
  ['junos', 'junos'],
  ['junos os', 'junos'],
  ['junos os evolved', 'junos-evo'],
  ['junos evolved', 'junos-evo'],
  ['junos evo', 'junos-evo'],
  ['junos os evo', 'junos-evo'],
  ['evo', 'junos-evo'],
  ['evolved', 'junos-evo'],
]);

/**
 * The product a name stands for, or null for any other text. Case, spaces, hyphens and underscores do
 * not matter, nor a leading `Juniper`: `JUNOS`, `Junos OS`, `junos_os`, `Juniper Junos OS Evolved`,
 * `Junos-EVO`, `EVO`. Only whole names count: `Junos 21.4` or `PAN-OS` is no product, so that a row which
 * names something else is told so rather than judged as a product it may not run.
 */
export function readProductName(text: string): ProductId | null {
  return SPELLINGS.get(normaliseProductText(text)) ?? null;
}

/** The accepted values, for answers that refuse one: `ScreenOS, Junos OS or Junos OS Evolved`. */
export function describeProducts(): string {
  const names = Object.values(PRODUCT_NAMES);
  return `${names.slice(0, -1).join(', ')} or ${names.at(-1) ?? ''}`;
}

function normaliseProductText(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .replace(/^juniper (networks )?/, '');
}
