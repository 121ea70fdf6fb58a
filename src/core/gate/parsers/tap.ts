// TAP, as node:test's tap reporter (Node 20's default off a terminal), tape and friends print it:
//   TAP version 13
//       not ok 1 - multiplies          subtests are indented four spaces per level
//   not ok 1 - math                    and reported before their parent
//   # pass 2 / # fail 1 / # skipped 1  (tape: # tests 4 / # pass 3 / # fail 1)
import { NAME_SEPARATOR, uniq, type OutputParser } from './parsedOutput';

const RESULT = /^( *)(not ok|ok)(?= |$) *(?:\d+\b)? *-? *(.*)$/;

function directive(rest: string): { title: string; skip: boolean; todo: boolean } {
  const m = /^(.*?)\s+#\s*(SKIP|TODO)\S*\b.*$/i.exec(rest);
  if (!m) return { title: rest.trim(), skip: false, todo: false };
  const kind = (m[2] ?? '').toUpperCase();
  return { title: (m[1] ?? '').trim(), skip: kind === 'SKIP', todo: kind === 'TODO' };
}

function plan(text: string, key: string): number | undefined {
  const m = new RegExp(`^# ${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

interface Walk {
  failed: string[];
  topPassed: number;
  topFailed: number;
  topSkipped: number;
}

/** Children report before their parent, so failures wait one level down until the parent names them. */
function walk(lines: string[]): Walk {
  const waiting: string[][] = [];
  const out: Walk = { failed: [], topPassed: 0, topFailed: 0, topSkipped: 0 };
  let inYaml = false; // a result's diagnostics block, "  ---" … "  ...", may hold any text
  for (const line of lines) {
    const trimmed = line.trim();
    if (inYaml) {
      inYaml = trimmed !== '...';
      continue;
    }
    if (trimmed === '---') {
      inYaml = true;
      continue;
    }
    const m = RESULT.exec(line);
    if (!m) continue;
    const level = Math.floor((m[1] ?? '').length / 4);
    const { title, skip, todo } = directive(m[3] ?? '');
    const failing = m[2] === 'not ok' && !skip && !todo;
    const children = waiting[level + 1] ?? [];
    waiting.length = level + 1;
    const mine = (waiting[level] ??= []);
    if (children.length) mine.push(...children.map((c) => (title ? title + NAME_SEPARATOR + c : c)));
    else if (failing) mine.push(title);
    if (level === 0) {
      if (skip || todo) out.topSkipped++;
      else if (failing) out.topFailed++;
      else out.topPassed++;
    }
  }
  out.failed = uniq(waiting.flat());
  return out;
}

export const parseTap: OutputParser = (text) => {
  if (!/^TAP version \d+$/m.test(text) && !/^ *1\.\.\d+$/m.test(text)) return undefined;
  const lines = text.split('\n');
  if (!lines.some((l) => RESULT.test(l))) return undefined;
  const result = walk(lines);
  const pass = plan(text, 'pass');
  const fail = plan(text, 'fail');
  const counts =
    pass !== undefined || fail !== undefined
      ? {
          passed: pass ?? 0,
          failed: (fail ?? 0) + (plan(text, 'cancelled') ?? 0),
          skipped: (plan(text, 'skipped') ?? plan(text, 'skip') ?? 0) + (plan(text, 'todo') ?? 0),
        }
      : { passed: result.topPassed, failed: result.topFailed, skipped: result.topSkipped };
  return { format: 'tap', counts, failingTests: result.failed };
};
