// The projects one server serves. Each gets a `projectId` that stays the same for the server's life: its
// folder name, made URL-safe and unique in the order the projects were given (app, app-2, …).
import { basename } from 'node:path';
import type { ProjectOrchestrator } from '../core/service/projectOrchestrator';
import { badRequest, notFound } from './errors';
import type { ProjectInfo } from './schemas';

export interface ServedProject {
  readonly projectId: string;
  readonly name: string;
  readonly path: string;
  readonly orchestrator: ProjectOrchestrator;
}

function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 80);
  return s || 'project';
}

/** Ids for project folders, in order: the folder's name, with -2, -3… when it is taken. Pure. */
export function projectIds(paths: readonly string[]): string[] {
  const taken = new Set<string>();
  return paths.map((p) => {
    const base = slug(basename(p));
    let id = base;
    for (let n = 2; taken.has(id.toLowerCase()); n++) id = `${base}-${n}`;
    taken.add(id.toLowerCase());
    return id;
  });
}

export class ProjectRegistry {
  private readonly byId = new Map<string, ServedProject>();

  constructor(orchestrators: readonly ProjectOrchestrator[]) {
    const ids = projectIds(orchestrators.map((o) => o.projectPath));
    orchestrators.forEach((orchestrator, i) => {
      const projectId = ids[i]!;
      this.byId.set(projectId, { projectId, name: basename(orchestrator.projectPath), path: orchestrator.projectPath, orchestrator });
    });
  }

  all(): ServedProject[] {
    return [...this.byId.values()];
  }

  info(): ProjectInfo[] {
    return this.all().map(({ projectId, name, path }) => ({ projectId, name, path }));
  }

  /** The project a request names; with a single project the name may be left out. */
  resolve(projectId: string | undefined): ServedProject {
    if (projectId === undefined) {
      const all = this.all();
      if (all.length === 1) return all[0]!;
      throw badRequest(`projectId is required: this server serves ${all.length} projects (${all.map((p) => p.projectId).join(', ')})`);
    }
    const found = this.byId.get(projectId);
    if (!found) throw notFound('unknown_project', `no project "${projectId}" on this server (see GET /api/projects)`);
    return found;
  }
}
