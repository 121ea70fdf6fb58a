// Shared wording for messages users read (errors, decision log, notifications).

/** "T014 is", "T014 and T015 are", "T014, T015 and T016 are" (with `verb` replacing is/are). */
export function describeIds(ids: readonly string[], verb?: string): string {
  const list = ids.length <= 1 ? (ids[0] ?? '') : `${ids.slice(0, -1).join(', ')} and ${ids.at(-1)}`;
  return `${list} ${verb ?? (ids.length === 1 ? 'is' : 'are')}`;
}
