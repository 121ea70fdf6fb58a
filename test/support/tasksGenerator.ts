// A seeded generator of tasks.md files with ground truth, for property tests and benchmarks.

/** Small, fast, seedable PRNG (public-domain mulberry32). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface GeneratedTask {
  id: string;
  line: number;
  status: 'open' | 'done' | 'blocked' | 'deferred';
}

export interface GeneratedTasksMd {
  text: string;
  tasks: GeneratedTask[];
  sectionsWithTasks: number;
  sectionsWithOpenTasks: number;
}

const pick = <T>(rand: () => number, items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;

/**
 * Mixes everything the parser must survive: bullets, numbered items, all box states, [P]/[US] markers,
 * fences with fake tasks, inline code, sub-steps, ### headings, checkpoints, CRLF, a BOM, preamble tasks
 * and files without any ## section.
 */
export function generateTasksMd(rand: () => number): GeneratedTasksMd {
  const lines: string[] = [];
  const tasks: GeneratedTask[] = [];
  let next = 1;
  const sectioned = rand() < 0.7;
  const sectionCount = sectioned ? 1 + Math.floor(rand() * 8) : 0;
  let sectionsWithTasks = 0;
  let sectionsWithOpenTasks = 0;
  const boxes: [string, GeneratedTask['status']][] = [
    [' ', 'open'],
    [' ', 'open'],
    [' ', 'open'],
    ['x', 'done'],
    ['X', 'done'],
    ['b', 'blocked'],
    ['~', 'deferred'],
    ['-', 'deferred'],
  ];

  const emitTasks = (count: number): { any: boolean; open: boolean } => {
    let open = false;
    for (let i = 0; i < count; i++) {
      const r = rand();
      if (r < 0.05) {
        lines.push('```', `- [ ] T${9000 + i} fake task in a fence`, '## Not a heading', '```');
        continue;
      }
      if (r < 0.08) lines.push('### Subsection ' + i);
      if (r > 0.97) lines.push('**Checkpoint**: keep going', '');
      const [box, status] = pick(rand, boxes);
      const bullet = pick(rand, ['-', '*', '+', '1.', '2)']);
      const id = `T${String(next++).padStart(3, '0')}${rand() < 0.05 ? 'a' : ''}`;
      const markers = (rand() < 0.3 ? ' [P]' : '') + (rand() < 0.3 ? ` [US${1 + Math.floor(rand() * 4)}]` : '');
      const code = rand() < 0.1 ? ' with `T999 [P]` in code' : '';
      lines.push(`${bullet} [${box}] ${id}${markers} Do thing ${id}${code}`);
      tasks.push({ id, line: lines.length, status });
      if (status === 'open') open = true;
      if (rand() < 0.1) lines.push(`  - [${pick(rand, [' ', 'x'])}] sub-step of ${id}`);
    }
    return { any: count > 0 && tasks.length > 0, open };
  };

  if (rand() < 0.5) lines.push('# Tasks: Generated');
  if (sectioned && rand() < 0.3) lines.push('', '## Format: `[ID] [P?] [Story] Description`', '`- [ ] T000 example`', '');

  const preambleCount = sectioned && rand() < 0.15 ? 1 + Math.floor(rand() * 3) : 0;
  let preambleOpen = false;
  if (preambleCount) {
    const before = tasks.length;
    preambleOpen = emitTasks(preambleCount).open;
    if (tasks.length === before) preambleOpen = false;
  }
  const preambleHasTasks = tasks.length > 0;

  if (sectioned) {
    for (let s = 0; s < sectionCount; s++) {
      lines.push('', `## Phase ${s + 1}: Section ${s + 1}`, '');
      const before = tasks.length;
      const { open } = emitTasks(Math.floor(rand() * 12));
      if (tasks.length > before) sectionsWithTasks++;
      if (open && tasks.slice(before).some((t) => t.status === 'open')) sectionsWithOpenTasks++;
    }
  } else {
    emitTasks(Math.floor(rand() * 60));
    if (rand() < 0.3) lines.push('', '## Notes', 'no tasks here');
  }
  // A Preamble counts as a section only when real sections hold tasks too.
  if (preambleHasTasks && sectionsWithTasks > 0) {
    sectionsWithTasks++;
    if (preambleOpen) sectionsWithOpenTasks++;
  }

  const eol = rand() < 0.2 ? '\r\n' : '\n';
  const bom = rand() < 0.1 ? '\uFEFF' : '';
  return { text: bom + lines.join(eol), tasks, sectionsWithTasks, sectionsWithOpenTasks };
}
