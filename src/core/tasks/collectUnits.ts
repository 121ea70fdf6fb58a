// The open tasks to plan, grouped into units (a task with its numbered sub-tasks) per section, in file order. Pure.
import type { UnitRun } from './packUnits';
import type { ParsedTask } from './taskTypes';

export interface SectionUnits extends UnitRun {
  section: number;
  /** The units' tasks, unit after unit. */
  tasks: ParsedTask[];
  sizes: number[];
  subs: (string | undefined)[];
}

function addUnit(to: SectionUnits, tasks: readonly ParsedTask[]): void {
  for (const t of tasks) to.tasks.push(t);
  to.sizes.push(tasks.length);
  to.subs.push(tasks[0]!.subsection);
}

/**
 * Every planned task joins the unit of its top ancestor (even when the ancestor itself is done or not planned),
 * so a parent and its sub-tasks are never split across batches. A unit sits where its first planned task is.
 */
export function collectUnits(all: readonly ParsedTask[], planned: readonly ParsedTask[]): SectionUnits[] {
  const bySection = new Map<number, SectionUnits>();
  const sectionOf = (s: number) => {
    let u = bySection.get(s);
    if (!u) bySection.set(s, (u = { section: s, tasks: [], sizes: [], subs: [] }));
    return u;
  };
  if (!planned.some((t) => t.parent !== undefined)) {
    for (const t of planned) {
      const to = sectionOf(t.section);
      to.tasks.push(t);
      to.sizes.push(1);
      to.subs.push(t.subsection);
    }
  } else {
    const byKey = new Map(all.map((t) => [t.key, t]));
    const rootOf = (t: ParsedTask): ParsedTask => {
      let r = t;
      for (;;) {
        const p = r.parent === undefined ? undefined : byKey.get(r.parent);
        if (!p || p === r) return r;
        r = p;
      }
    };
    const units = new Map<ParsedTask, ParsedTask[]>();
    for (const t of planned) {
      const root = rootOf(t);
      const unit = units.get(root);
      if (unit) unit.push(t);
      else units.set(root, [t]);
    }
    for (const tasks of units.values()) addUnit(sectionOf(tasks[0]!.section), tasks);
  }
  return [...bySection.values()].sort((a, b) => a.section - b.section);
}
