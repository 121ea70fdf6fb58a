// Keeps unattended runs moving while a window is open on the folder:
// - adopts an orphan: a running run whose owner stopped heartbeating (its window closed while this one
//   stayed open, or a CLI lost its terminal) is taken over within ~15 s, re-attaching to its agent;
// - resumes a run paused at a usage limit when the limit resets.
// Another window may act first; the ownership lock makes sure only one of them drives.
import * as vscode from 'vscode';
import { isActive } from '../../core/model/statusPolicy';
import { Disposable } from '../disposable';
import type { OrchestratorService, ProjectState } from './orchestratorService';

const ADOPT_EVERY_MS = 15_000;
/** setTimeout's limit is ~24.8 days; a far reset is re-armed in steps. */
const MAX_TIMER_MS = 6 * 3_600_000;

export class RunKeeper extends Disposable {
  private readonly resumes = new Map<string, { until: string; timer: NodeJS.Timeout }>();
  private readonly adopter: NodeJS.Timeout;

  constructor(private readonly service: OrchestratorService) {
    super();
    this.adopter = setInterval(() => void this.adoptOrphans(), ADOPT_EVERY_MS);
    this._register({ dispose: () => clearInterval(this.adopter) });
    this._register({ dispose: () => this.resumes.forEach((r) => clearTimeout(r.timer)) });
    this._register(service.onDidChangeProject((s) => this.scheduleResume(s)));
  }

  private async adoptOrphans(): Promise<void> {
    if (!this.service.trusted) return;
    for (const p of this.service.list()) {
      if (!p.current || !isActive(p.current.status) || p.driving) continue;
      await this.service.refresh(p.summary.path);
      if (this.service.get(p.summary.path)?.owner === 'gone') await this.service.reconcile(p.summary.path);
    }
  }

  private scheduleResume(state: ProjectState): void {
    const path = state.summary.path;
    const run = state.current;
    const until = run?.status === 'paused' && run.wait?.reason === 'usage_limit' ? run.wait.until : undefined;
    const known = this.resumes.get(path);
    if (known && known.until === until) return;
    if (known) clearTimeout(known.timer);
    this.resumes.delete(path);
    if (!until || !run) return;
    const delay = Math.min(Math.max(0, Date.parse(until) - Date.now()), MAX_TIMER_MS);
    const timer = setTimeout(() => void this.resumeIfStillPaused(path, run.id, until), delay);
    this.resumes.set(path, { until, timer });
  }

  private async resumeIfStillPaused(path: string, id: string, until: string): Promise<void> {
    this.resumes.delete(path);
    await this.service.refresh(path);
    const run = this.service.get(path)?.current;
    if (!run || run.id !== id || run.status !== 'paused' || run.wait?.until !== until) return;
    if (Date.parse(until) > Date.now()) return this.scheduleResume(this.service.get(path)!);
    if (!this.service.trusted) return;
    try {
      await this.service.resume(path, id);
      void vscode.window.setStatusBarMessage('SpecFlow: the usage limit has reset; the run goes on', 10_000);
    } catch {
      // another window or a CLI resumed it first: it is driven either way
    }
  }
}
