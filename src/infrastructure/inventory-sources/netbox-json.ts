// Concept: reading NetBox's JSON — objects, the name of a nested object, the value of a choice field.

/** The value as an object whose fields can be read, or null for anything else (arrays included). */
export function asRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** A nested object's name (site, tenant, tag), else its slug. */
export function nameOf(value: unknown): unknown {
  const object = asRecord(value);
  return object === null ? undefined : (object.name ?? object.slug);
}

/** NetBox renders a choice as `{value, label}`; older versions and other tools send the bare value. */
export function choiceValue(value: unknown): unknown {
  return asRecord(value)?.value ?? value;
}
