// An agent edited tasks.md: recount it (debounced) so "Tasks: 12/35" moves during a batch, not only at its
// end. Display only: the engine's decisions always read tasks.md afresh at batch boundaries.
import type { AgentActivity } from '../agent/agentActivity';
import type { OrchestrationExecution } from '../model/execution';
import type { ProjectReader } from './projectReader';

const EDIT_TOOLS = ['Edit', 'Write', 'MultiEdit'];

export class LiveTaskCount {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly orch: OrchestrationExecution,
    private readonly publish: () => void,
  ) {}

  notice(activity: AgentActivity, project: ProjectReader): void {
    const tool = activity.currentTool;
    if (!tool?.target || !this.orch.tasksPath || !EDIT_TOOLS.includes(tool.name)) return;
    if (!tool.target.endsWith(this.orch.tasksPath)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void project
        .tasks()
        .then(() => this.publish())
        .catch(() => undefined);
    }, 200);
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
