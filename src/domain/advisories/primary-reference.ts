import type { Advisory, Reference } from './types.ts';

/**
 * The bulletin's own page: the first `ADVISORY` reference whose URL names the bulletin id (Juniper's
 * knowledge base), else the first `ADVISORY` reference, else the first reference. Validation requires
 * at least one reference, so a loaded bulletin always has one.
 */
export function primaryReference(advisory: Advisory): Reference | undefined {
  const advisories = advisory.references.filter((r) => r.type === 'ADVISORY');
  return advisories.find((r) => r.url.toUpperCase().includes(advisory.id.toUpperCase())) ?? advisories[0] ?? advisory.references[0];
}
