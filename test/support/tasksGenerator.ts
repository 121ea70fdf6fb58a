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
  const formatSection = sectioned && rand() < 0.3;

  const preambleCount = sectioned && rand() < 0.15 ? 1 + Math.floor(rand() * 3) : 0;
  let preambleOpen = false;
  if (preambleCount) {
    const before = tasks.length;
    preambleOpen = emitTasks(preambleCount).open;
    if (tasks.length === before) preambleOpen = false;
  }
  const preambleHasTasks = tasks.length > 0;
  // After the preamble: tasks below a `## Format` heading would be that section's, not the preamble's.
  if (formatSection) lines.push('', '## Format: `[ID] [P?] [Story] Description`', '`- [ ] T000 example`', '');

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

// ---------------------------------------------------------------------------------------------------------------
// Real-world formats (issue 19): spec-kit with repeated/suffixed/inline-code IDs, ID-less tasks, heading tasks and
// checklist sections; Kiro (numbered parents, sub-tasks, optional `]*`, `[-]` in progress, _Requirements_);
// numbered lists and OpenSpec; plain ID-less files; big sections. The ground truth is written down as the file is
// built, by rules stated here independently of the parser.

type GeneratedFormat = 'spec-kit' | 'kiro' | 'openspec' | 'numbered' | 'plain';
type Status = GeneratedTask['status'];

interface TruthTask {
  line: number;
  /** Effective status: a parent / heading task with every (required) sub-task or step done is done. */
  status: Status;
  /** The written ID; undefined when the parser must derive one. */
  id?: string;
  optional: boolean;
  /** Line of the numbered parent task. */
  parentLine?: number;
}

export interface RealWorldTasksMd {
  text: string;
  format: GeneratedFormat;
  /** A path hint to pass to the parser, when the format is told by the path. */
  path?: string;
  tasks: TruthTask[];
  checklistLines: number[];
  /** 1-based lines before which a paragraph of unrelated text can be inserted without changing any task. */
  safeLines: number[];
}

const WORDS = ['add', 'build', 'wire', 'test', 'the', 'user', 'model', 'cache', 'index', 'report', 'api', 'docs', 'schema'];

class RealWorldBuilder {
  readonly lines: string[] = [];
  readonly tasks: (TruthTask & { marked: Status; kids: TruthTask[]; steps: Status[]; heading?: boolean; markedDone?: boolean })[] = [];
  readonly checklist: number[] = [];
  readonly safe: number[] = [];
  private nextT = 1;
  private nextNumber = 1;
  readonly usedIds: string[] = [];

  constructor(
    readonly rand: () => number,
    readonly format: GeneratedFormat,
  ) {}

  push(line: string, safe = false): number {
    if (safe) this.safe.push(this.lines.length + 1);
    this.lines.push(line);
    return this.lines.length;
  }

  words(n: number): string {
    return Array.from({ length: n }, () => pick(this.rand, WORDS)).join(' ');
  }

  /** A box and the status it means in this format. */
  box(): [string, Status] {
    const r = this.rand();
    if (r < 0.5) return [' ', 'open'];
    if (r < 0.75) return [pick(this.rand, ['x', 'X']), 'done'];
    if (r < 0.8) return ['b', 'blocked'];
    if (r < 0.85) return ['~', 'deferred'];
    if (r < 0.92) return ['-', this.format === 'kiro' ? 'open' : 'deferred'];
    return [pick(this.rand, ['/', '!']), 'open'];
  }

  tId(): string {
    const r = this.rand();
    if (r < 0.06 && this.usedIds.length > 0) return pick(this.rand, this.usedIds);
    const base = `T${String(this.nextT++).padStart(3, '0')}`;
    const id = r < 0.1 ? `${base}-TEST` : r < 0.14 ? `${base}a` : base;
    this.usedIds.push(id);
    return id;
  }

  addTask(t: TruthTask & { marked: Status }): (typeof this.tasks)[number] {
    const full = { ...t, kids: [], steps: [] };
    this.tasks.push(full);
    return full;
  }

  /** A spec-kit task line, sometimes ID-less, sometimes with steps under it. */
  specKitTask(): void {
    const [m, status] = this.box();
    const idLess = this.rand() < 0.06;
    const id = idLess ? undefined : this.tId();
    const r = this.rand();
    const shown = id === undefined ? '' : r < 0.1 ? `\`${id}\` ` : r < 0.2 ? `**${id}** ` : `${id} `;
    const code = this.rand() < 0.1 ? ' with `T999 [P]` in code' : '';
    const line = this.push(`${pick(this.rand, ['-', '*', '1.'])} [${m}] ${shown}${this.rand() < 0.3 ? '[P] ' : ''}${this.words(3)}${code}`, true);
    const t = this.addTask({ line, status, marked: status, ...(id ? { id } : {}), optional: false });
    if (this.rand() < 0.1) {
      const [sm, ss] = this.box();
      this.push(`  - [${sm}] ${this.words(2)}`);
      t.steps.push(ss);
    }
  }

  /** `### T012: title` with ID-less checkbox steps, closed by a plain `###` so later tasks are not its steps. */
  headingTask(): void {
    const id = this.tId();
    const done = this.rand() < 0.15;
    const line = this.push(`### ${id}: ${this.words(3)}${done ? ' ✅' : ''}`, true);
    const t = this.addTask({ line, status: 'open', marked: done ? 'done' : 'open', id, optional: false });
    t.heading = true;
    t.markedDone = done;
    if (this.rand() < 0.5) this.push(`**Files**: src/${this.words(1)}.ts`, true);
    const steps = Math.floor(this.rand() * 4);
    for (let i = 0; i < steps; i++) {
      const [m, s] = this.box();
      this.push(`- [${m}] ${this.words(3)}`, true);
      t.steps.push(s);
    }
    this.push(`### ${this.words(2)}`, true);
  }

  /** A numbered parent (`3.` in Kiro, `3.0` in numbered lists) with sub-tasks. */
  numberedGroup(kids: number): void {
    const n = this.nextNumber++;
    const kiro = this.format === 'kiro';
    const indentKids = !kiro || this.rand() < 0.5;
    const [m, status] = this.box();
    const parentId = kiro ? String(n) : `${n}.0`;
    const line = this.push(`- [${m}] ${kiro ? `${n}.` : `${n}.0`} ${this.words(3)}`, true);
    const parent = this.addTask({ line, status, marked: status, id: parentId, optional: false });
    if (kiro && this.rand() < 0.5) this.push(`  - _Requirements: ${n}.1_`);
    for (let k = 1; k <= kids; k++) {
      const [km, ks] = this.box();
      const optional = kiro && this.rand() < 0.15;
      const kl = this.push(`${indentKids ? '  ' : ''}- [${km}]${optional ? '*' : ''} ${n}.${k} ${this.words(3)}`, !indentKids);
      const kid = this.addTask({ line: kl, status: ks, marked: ks, id: `${n}.${k}`, optional, parentLine: line });
      parent.kids.push(kid);
      if (this.rand() < 0.3) this.push(`${indentKids ? '    ' : '  '}- ${this.words(4)}`);
      if (kiro && this.rand() < 0.4) this.push(`${indentKids ? '    ' : '  '}- _Requirements: ${n}.${k}_`);
    }
  }

  plainTask(): void {
    const [m, status] = this.box();
    const line = this.push(`- [${m}] ${this.words(2 + Math.floor(this.rand() * 5))}`, true);
    this.addTask({ line, status, marked: status, optional: false });
  }

  /** Applies the derived-status rules and the checklist rule; returns the truth. */
  finish(checklistIdLess: { line: number; status: Status }[]): TruthTask[] {
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      const t = this.tasks[i]!;
      if (t.markedDone) t.status = 'done';
      else if (t.heading && t.steps.length > 0 && t.marked === 'open' && t.steps.every((s) => s === 'done')) t.status = 'done';
      const required = t.kids.filter((k) => !k.optional);
      if (t.status === 'open' && required.length > 0 && required.every((k) => k.status === 'done')) t.status = 'done';
    }
    const written = this.tasks.filter((t) => t.id !== undefined).length;
    const idLess = this.tasks.length - written;
    if (written > 0 && written >= idLess) this.checklist.push(...checklistIdLess.map((c) => c.line));
    else for (const { line, status } of checklistIdLess) this.addTask({ line, status, marked: status, optional: false });
    return this.tasks.map(({ line, status, id, optional, parentLine }) => ({
      line,
      status,
      optional,
      ...(id ? { id } : {}),
      ...(parentLine ? { parentLine } : {}),
    }));
  }
}

function emitSectionBody(b: RealWorldBuilder, count: number, sectionNumber: number): void {
  const subsections = b.rand() < 0.4 ? 1 + Math.floor(b.rand() * 3) : 0;
  const per = subsections ? Math.ceil(count / subsections) : count;
  for (let done = 0, s = 0; done < count; s++) {
    if (subsections && b.format !== 'openspec') b.push(`### Part ${s + 1}`, true);
    for (let i = 0; i < per && done < count; i++, done++) {
      const r = b.rand();
      if (r < 0.03) for (const l of ['```', '- [ ] T9999 fake task in a fence', '## Not a heading', '```']) b.push(l);
      if (b.format === 'spec-kit') {
        if (r > 0.96) b.headingTask();
        else b.specKitTask();
      } else if (b.format === 'plain') b.plainTask();
      else if (b.format === 'openspec') {
        const [m, status] = b.box();
        const line = b.push(`- [${m}] ${sectionNumber}.${done + 1} ${b.words(3)}`, true);
        b.addTask({ line, status, marked: status, id: `${sectionNumber}.${done + 1}`, optional: false });
      } else {
        const kids = Math.floor(b.rand() * 5);
        b.numberedGroup(kids);
        done += kids;
      }
    }
  }
}

/** One real-world tasks.md with its ground truth. */
export function generateRealWorldTasksMd(rand: () => number): RealWorldTasksMd {
  const format = pick(rand, ['spec-kit', 'spec-kit', 'kiro', 'openspec', 'numbered', 'plain'] as const);
  const b = new RealWorldBuilder(rand, format);
  b.push(format === 'kiro' ? '# Implementation Plan' : '# Tasks: Generated', true);
  const checklistIdLess: { line: number; status: Status }[] = [];
  const sectioned = format === 'openspec' || (format !== 'kiro' && rand() < 0.85) || (format === 'kiro' && rand() < 0.2);
  if (!sectioned) {
    b.push('', true);
    emitSectionBody(b, Math.floor(rand() * 40), 0);
  }
  const sections = sectioned ? 1 + Math.floor(rand() * 5) : 0;
  for (let s = 1; s <= sections; s++) {
    b.push('', true);
    b.push(format === 'openspec' ? `## ${s}. Section ${s}` : `## Phase ${s}: Section ${s}`, true);
    b.push('', true);
    if (rand() < 0.3) b.push(`**Purpose**: ${b.words(4)}`, true);
    const big = rand() < 0.15;
    emitSectionBody(b, big ? 20 + Math.floor(rand() * 45) : Math.floor(rand() * 12), s);
    if (format !== 'openspec' && rand() < 0.15) {
      b.push('', true);
      b.push('## Notes', true);
      b.push(b.words(6), true);
    }
  }
  if (sectioned && format === 'spec-kit' && rand() < 0.4) {
    b.push('', true);
    b.push('## Validation Checklist', true);
    for (let i = 0; i < 1 + Math.floor(rand() * 4); i++) {
      const done = rand() < 0.5;
      checklistIdLess.push({ line: b.push(`- [${done ? 'x' : ' '}] ${b.words(4)}`, true), status: done ? 'done' : 'open' });
    }
  }
  if (format === 'kiro' && !b.lines.some((l) => l.includes('_Requirements'))) b.push('  - _Requirements: 1.1_');
  const tasks = b.finish(checklistIdLess);
  const eol = rand() < 0.2 ? '\r\n' : '\n';
  const path = format === 'kiro' && rand() < 0.5 ? '.kiro/specs/generated/tasks.md' : format === 'openspec' ? 'openspec/changes/generated/tasks.md' : undefined;
  return { text: b.lines.join(eol), format, ...(path ? { path } : {}), tasks, checklistLines: b.checklist, safeLines: b.safe };
}
