// Format profiles: which format a tasks.md is written in, what counts as its IDs and what its marks mean. Pure.
import type { TasksFormat, TaskStatus } from './taskTypes';

/** What the scan saw that tells the formats apart. */
export interface FormatSignals {
  /** Checkboxes and headings that carry a T-ID. */
  tIds: number;
  /** Checkboxes that start with a dotted number. */
  numbers: number;
  /** Kiro: `_Requirements: 2.1_` lines, `- [ ]*` optional tasks, an "Implementation Plan" title. */
  kiro: number;
  /** SpecFlow: `[V]`/`[W]` markers, a "Progress Dashboard" or "Phase Goals Coverage" heading, `[V?]` in the Format line. */
  specflow: number;
  /** OpenSpec: `## 1. Title` section headings. */
  numberedSections: number;
}

export function emptySignals(): FormatSignals {
  return { tIds: 0, numbers: 0, kiro: 0, specflow: 0, numberedSections: 0 };
}

const SPECFLOW_HEADING = /^(?:progress dashboard|phase goals coverage)\b|\[V\?\]/i;
const NUMBERED_SECTION = /^\d+\.?\s/;
const KIRO_TITLE = /^implementation plan\b/i;

/** Heading facts that hint at a format; called for every heading. */
export function noteHeading(signals: FormatSignals, level: number, name: string): void {
  if (SPECFLOW_HEADING.test(name)) signals.specflow++;
  if (level === 2 && NUMBERED_SECTION.test(name)) signals.numberedSections++;
  if (level === 1 && KIRO_TITLE.test(name)) signals.kiro++;
}

function formatFromPath(path: string | undefined): TasksFormat | undefined {
  if (!path) return undefined;
  const p = path.replace(/\\/g, '/');
  if (/(?:^|\/)\.kiro\/specs\//.test(p)) return 'kiro';
  if (/(?:^|\/)openspec\/(?:changes|specs)\//.test(p)) return 'openspec';
  return undefined;
}

/**
 * The path decides when it is a Kiro or OpenSpec path. Otherwise the kind of ID most tasks carry decides:
 * T-IDs → SpecFlow (when its own markers appear) or spec-kit; dotted numbers → Kiro (with its markers),
 * OpenSpec (numbered `##` sections) or numbered; none → plain.
 */
export function detectFormat(s: FormatSignals, path?: string): TasksFormat {
  const byPath = formatFromPath(path);
  if (byPath) return byPath;
  if (s.tIds > 0 && s.tIds >= s.numbers) return s.specflow > 0 ? 'specflow' : 'spec-kit';
  if (s.numbers > 0) {
    if (s.kiro > 0) return 'kiro';
    return s.numberedSections > 0 ? 'openspec' : 'numbered';
  }
  return 'plain';
}

/** In the T-ID formats only T-IDs are IDs (the ⚑ contract); a leading number is just text there. */
export function numbersAreIds(format: TasksFormat): boolean {
  return format === 'kiro' || format === 'openspec' || format === 'numbered';
}

export interface MarkMeaning {
  status: TaskStatus;
  inProgress: boolean;
  /** Not a mark any format defines: read as open, with a warning. */
  unknown: boolean;
}

const OPEN: MarkMeaning = { status: 'open', inProgress: false, unknown: false };
const DONE: MarkMeaning = { status: 'done', inProgress: false, unknown: false };
const BLOCKED: MarkMeaning = { status: 'blocked', inProgress: false, unknown: false };
const DEFERRED: MarkMeaning = { status: 'deferred', inProgress: false, unknown: false };
const IN_PROGRESS: MarkMeaning = { status: 'open', inProgress: true, unknown: false };
const UNKNOWN: MarkMeaning = { status: 'open', inProgress: false, unknown: true };

/**
 * `[ ]` open, `[x]`/`[X]` done (and the check marks ✓ ✔ ☑ √ ✅, which cannot mean anything else), `[b]`/`[B]`
 * blocked, `[~]` deferred. `[-]` is Kiro's "in progress" (open) in a Kiro file and SpecFlow's "deferred"
 * everywhere else. Any other mark (`[/]`, `[!]`) is open, with a warning.
 */
export function markMeaning(mark: string, format: TasksFormat): MarkMeaning {
  switch (mark) {
    case ' ':
      return OPEN;
    case 'x':
    case 'X':
    case '✓':
    case '✔':
    case '☑':
    case '√':
    case '✅':
      return DONE;
    case 'b':
    case 'B':
      return BLOCKED;
    case '~':
      return DEFERRED;
    case '-':
      return format === 'kiro' ? IN_PROGRESS : DEFERRED;
    default:
      return UNKNOWN;
  }
}
