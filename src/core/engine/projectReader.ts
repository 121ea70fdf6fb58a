// The project as the engine sees it between steps: tasks.md (through the one cached reader) and the
// status (`specflow status --json` or the built-in one). Reading also keeps the run's view current: the
// task counts ("Tasks: 12/35") and where the feature lives once design has created it.
import { join, relative } from 'node:path';
import type { OrchestrationExecution } from '../model/execution';
import type { StatusProvider } from '../status/statusProvider';
import type { StatusSnapshot } from '../status/statusSchema';
import type { ParsedTasks } from '../tasks/parseTasks';
import { readParsedTasks, TasksFileError } from '../tasks/readTasksFile';
import { logEntry } from './decisionLog';
import type { EngineLogger } from './ports';
import { FailStop } from './stops';

/** "Tasks: 12/35": optional tasks that are skipped count neither way; checklist items are not tasks. */
export function taskCounts(parsed: ParsedTasks, includeOptional: boolean): { completed: number; total: number } {
  const counted = includeOptional ? parsed.tasks : parsed.tasks.filter((t) => !t.optional || t.status === 'done');
  return { completed: counted.filter((t) => t.status === 'done').length, total: counted.length };
}

export class ProjectReader {
  constructor(
    private readonly projectPath: string,
    private readonly orch: OrchestrationExecution,
    private readonly status: StatusProvider,
    private readonly logger: EngineLogger,
  ) {}

  async tasks(): Promise<ParsedTasks> {
    const tasksPath = this.orch.tasksPath;
    if (!tasksPath) throw new FailStop('no tasks.md: the project has no feature directory with a tasks.md (run design, or create it)', 'missing_tasks');
    let parsed: ParsedTasks;
    try {
      ({ parsed } = await readParsedTasks(join(this.projectPath, tasksPath), { checklistsAreTasks: this.orch.config.checklistsAreTasks }));
    } catch (e) {
      if (e instanceof TasksFileError && /not found/.test(e.message))
        throw new FailStop(`tasks.md not found at ${tasksPath}: run design or create it`, 'missing_tasks');
      if (e instanceof TasksFileError) throw new FailStop(`cannot read ${tasksPath}: ${e.message}`, 'bad_tasks');
      throw e;
    }
    this.orch.taskProgress = taskCounts(parsed, this.orch.config.includeOptionalTasks);
    return parsed;
  }

  async snapshot(): Promise<StatusSnapshot> {
    const snap = await this.status.snapshot(this.projectPath);
    // A failing or changed `specflow status` falls back to the built-in status: said in the run's warnings
    // (the UI shows them) and the decision log, once per distinct warning, never silently.
    for (const w of snap.warnings) {
      this.logger.warn(w);
      if (!this.orch.warnings.includes(w)) this.orch.warnings.push(w);
      const reason = `status: ${w}`;
      if (!this.orch.decisionLog.some((e) => e.reason === reason)) logEntry(this.orch, 'note', reason, { source: snap.source });
    }
    if (snap.featureDir) {
      const rel = relative(this.projectPath, snap.featureDir) || '.';
      this.orch.featureDir = rel;
      this.orch.tasksPath = rel === '.' ? 'tasks.md' : `${rel}/tasks.md`;
    }
    return snap;
  }
}
