// Commands are invoked from the palette (no argument), the tree (a tree node), the status bar, panels and
// notifications ({projectPath, id?}). This resolves all of them to a project, asking when it is ambiguous.
import * as vscode from 'vscode';
import type { OrchestratorService, ProjectState } from '../services/orchestratorService';
import { allows, type ProjectAction } from '../runActions';

export interface ProjectRef {
  projectPath: string;
  id?: string;
}

export function refFromArg(arg: unknown): ProjectRef | undefined {
  if (typeof arg === 'string') return { projectPath: arg };
  if (typeof arg !== 'object' || arg === null) return undefined;
  const o = arg as Record<string, unknown>;
  if (typeof o.projectPath === 'string') return { projectPath: o.projectPath, ...(typeof o.id === 'string' ? { id: o.id } : {}) };
  if (typeof o.path === 'string' && typeof o.kind === 'string') return { projectPath: o.path, ...(typeof o.id === 'string' ? { id: o.id } : {}) };
  if (o instanceof vscode.Uri) return { projectPath: o.fsPath };
  return undefined;
}

/** The project named by `arg`, else the only one (optionally among those whose run is in `statuses`), else a pick. */
export async function resolveProject(
  service: OrchestratorService,
  arg: unknown,
  opts: { action?: ProjectAction; placeHolder?: string } = {},
): Promise<ProjectRef | undefined> {
  const ref = refFromArg(arg);
  if (ref) return ref;
  if (!service.ready) await service.discover();
  let candidates: ProjectState[] = service.list();
  const action = opts.action;
  if (action) candidates = candidates.filter((p) => p.current && allows(p, action));
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(
      action
        ? 'SpecFlow: no orchestration is in a state for this action.'
        : 'SpecFlow: no project in this workspace (it needs .specflow/, .specify/ or specs/<feature>/tasks.md).',
    );
    return undefined;
  }
  if (candidates.length === 1) return { projectPath: candidates[0]!.summary.path };
  const pick = await vscode.window.showQuickPick(
    candidates.map((p) => ({
      label: p.summary.name,
      description: `${p.summary.feature ?? ''} · ${p.summary.tasks.completed}/${p.summary.tasks.total}${p.current ? ` · ${p.current.status}` : ''}`,
      detail: p.summary.path,
      path: p.summary.path,
    })),
    { placeHolder: opts.placeHolder ?? 'Which project?', matchOnDetail: true },
  );
  return pick ? { projectPath: pick.path } : undefined;
}
