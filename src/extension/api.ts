// FR-080…085 in VS Code: the seed's API routes as commands (`specflow.api.*`) and as the object
// `activate()` returns. Both go through the window's OrchestratorService and answer with the same JSON
// as specflow-orchestrate (`status` is the execution exactly as stored; `list` the same summaries).
import type { OrchestrationConfigInput } from '../core/model/config';
import type { OrchestrationExecution } from '../core/model/execution';
import type { RunBrief } from '../core/service/runBrief';
import { loadEngine } from './lazy';
import type { OrchestratorService } from './services/orchestratorService';

export interface ApiRequest {
  projectPath: string;
  id?: string;
  config?: OrchestrationConfigInput;
  /** revertBatch: the batch to undo. */
  batch?: number;
}

/** Commands receive `unknown`; this checks the shape every API call needs. */
export function toApiRequest(arg: unknown): ApiRequest {
  if (typeof arg !== 'object' || arg === null || typeof (arg as ApiRequest).projectPath !== 'string') {
    throw new Error('SpecFlow API: expected {projectPath: string, id?: string, config?: object}');
  }
  return arg as ApiRequest;
}

/** JSON round trip: what crosses the command boundary is plain data, exactly like the CLI's output. */
const plain = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

export interface SpecflowApi {
  start(req: ApiRequest): Promise<RunBrief>;
  status(req: ApiRequest): Promise<OrchestrationExecution>;
  list(req: ApiRequest): Promise<RunBrief[]>;
  cancel(req: ApiRequest): Promise<OrchestrationExecution>;
  resume(req: ApiRequest): Promise<RunBrief>;
  merge(req: ApiRequest): Promise<RunBrief>;
  /** Undoes batch `batch` of run `id` (or the current run); refused while a run is active. */
  revertBatch(req: ApiRequest): Promise<{ batch: number; restored: string[]; unchecked: string[]; savedRef: string; commitSha?: string }>;
}

export function createApi(service: OrchestratorService): SpecflowApi {
  return {
    async start(arg) {
      const r = toApiRequest(arg);
      return plain(loadEngine().runBrief((await service.start(r.projectPath, r.config)).execution));
    },
    async status(arg) {
      const r = toApiRequest(arg);
      return plain(await service.orchestrator(r.projectPath).get(r.id));
    },
    async list(arg) {
      const r = toApiRequest(arg);
      return plain((await service.orchestrator(r.projectPath).list()).map((e) => loadEngine().runBrief(e)));
    },
    async cancel(arg) {
      const r = toApiRequest(arg);
      return plain(await service.cancel(r.projectPath, r.id));
    },
    async resume(arg) {
      const r = toApiRequest(arg);
      return plain(loadEngine().runBrief((await service.resume(r.projectPath, r.id, r.config)).execution));
    },
    async merge(arg) {
      const r = toApiRequest(arg);
      return plain(loadEngine().runBrief((await service.merge(r.projectPath, r.id)).execution));
    },
    async revertBatch(arg) {
      const r = toApiRequest(arg);
      if (typeof r.batch !== 'number') throw new Error('SpecFlow API: revertBatch needs {projectPath, batch: number, id?}');
      return plain(await service.revertBatch(r.projectPath, r.batch, r.id));
    },
  };
}
