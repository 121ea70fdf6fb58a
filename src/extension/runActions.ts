// What the user may do with a project's run right now, from the one status policy: the tree's
// contextValue carries these as tokens (`specflow.project.running:pause:cancel:log`) that package.json's
// `when` clauses test, the palette's context keys are computed from them, and commands use them to pick
// the projects an action applies to.
import { allowedActions, holdsProject, type RunAction } from '../core/model/statusPolicy';
import type { ProjectState } from './services/orchestratorService';

export type ProjectAction = RunAction | 'start' | 'progress' | 'log';

export function projectActions(state: ProjectState): ProjectAction[] {
  const run = state.current;
  if (!run) return ['start'];
  const holding = holdsProject(run.status);
  return [...(holding ? (['progress'] as const) : (['start'] as const)), ...allowedActions(run.status, state.owner), 'log'];
}

export function projectContextValue(state: ProjectState): string {
  return [`specflow.project.${state.current?.status ?? 'idle'}`, ...projectActions(state)].join(':');
}

export function allows(state: ProjectState, action: ProjectAction): boolean {
  return projectActions(state).includes(action);
}
