// The parser's warnings, one per kind, in file order. Pure.
import { checklistMessage } from './checklists';
import { PREAMBLE_SECTION } from './sections';
import type { ChecklistItem, ParsedTask, ParseWarning } from './taskTypes';
import { formatLines, plural, warning } from './warnings';

const ENTRIES_SHOWN = 5;

export interface ParseFindings {
  unclosedFence: number | undefined;
  derivedLines: number[];
  numbersAreIds: boolean;
  repeated: { id: string; lines: number[] }[];
  nestedIds: { line: number; id: string; under: ParsedTask }[];
  preamble: { count: number; line: number } | undefined;
  unknownMarks: { line: number; mark: string }[];
  checklist: ChecklistItem[];
}

const more = (n: number) => (n > ENTRIES_SHOWN ? '; …' : '');

function repeatedWarning(repeated: ParseFindings['repeated']): ParseWarning {
  const lines = repeated.flatMap((r) => r.lines).sort((a, b) => a - b);
  const shown = repeated.slice(0, ENTRIES_SHOWN).map((r) => `${r.id} (lines ${r.lines.join(', ')})`);
  const first = repeated[0]!.id;
  return warning(
    'duplicate-id',
    repeated.length,
    lines,
    `${plural(repeated.length, 'task ID is', 'task IDs are')} written more than once; each copy is a task of its own ` +
      `(keyed ${first}, ${first}#2, …): ${shown.join('; ')}${more(repeated.length)}`,
  );
}

function nestedWarning(nested: ParseFindings['nestedIds']): ParseWarning {
  const shown = nested.slice(0, ENTRIES_SHOWN).map((n) => `line ${n.line}: ${n.id} under ${n.under.id} (line ${n.under.line})`);
  return warning(
    'nested-id',
    nested.length,
    nested.map((n) => n.line),
    `${plural(nested.length, 'checkbox with its own ID sits', 'checkboxes with their own IDs sit')} under a task and ` +
      `${nested.length === 1 ? 'is a step of it, not a task' : 'are steps of it, not tasks'}: ${shown.join('; ')}${more(nested.length)}`,
  );
}

export function parseWarnings(f: ParseFindings): ParseWarning[] {
  const out: ParseWarning[] = [];
  if (f.unclosedFence !== undefined) {
    const line = f.unclosedFence;
    out.push(warning('unclosed-fence', 1, [line], `line ${line}: code fence is never closed; everything after it is treated as code`));
  }
  if (f.derivedLines.length > 0) {
    const n = f.derivedLines.length;
    const written = f.numbersAreIds ? 'T### or number' : 'T###';
    const msg = `${plural(n, 'task has', 'tasks have')} no written ID (${written}); ${n === 1 ? 'it gets one' : 'each gets one'} from its section and text: ${formatLines(f.derivedLines)}`;
    out.push(warning('derived-id', n, f.derivedLines, msg));
  }
  if (f.repeated.length > 0) out.push(repeatedWarning(f.repeated));
  if (f.nestedIds.length > 0) out.push(nestedWarning(f.nestedIds));
  if (f.preamble) {
    const { count, line } = f.preamble;
    const msg = `line ${line}: ${count} task(s) appear before the first ## heading; they run first, as the batch "${PREAMBLE_SECTION}"`;
    out.push(warning('preamble-tasks', count, [line], msg));
  }
  if (f.unknownMarks.length > 0) {
    const marks = [...new Set(f.unknownMarks.map((u) => `[${u.mark}]`))].slice(0, 5).join(', ');
    const lines = f.unknownMarks.map((u) => u.line);
    const n = lines.length;
    out.push(
      warning('unknown-mark', n, lines, `${plural(n, 'checkbox has', 'checkboxes have')} an unknown mark (${marks}), read as open: ${formatLines(lines)}`),
    );
  }
  if (f.checklist.length > 0) {
    const lines = f.checklist.map((c) => c.line);
    const headings = [...new Set(f.checklist.map((c) => c.heading))];
    out.push(warning('checklist-items', lines.length, lines, checklistMessage(lines.length, headings, formatLines(lines))));
  }
  return out.sort((a, b) => a.line - b.line);
}
