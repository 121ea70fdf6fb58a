// The "SpecFlow" LogOutputChannel: the engine's lifecycle messages, and every decision-log entry of the
// runs this window sees, mirrored as they are appended.
import * as vscode from 'vscode';
import type { EngineLogger } from '../../core/engine/ports';
import type { OrchestrationExecution } from '../../core/model/execution';

export class RunLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private readonly lastSeq = new Map<string, number>();

  constructor() {
    this.channel = vscode.window.createOutputChannel('SpecFlow', { log: true });
  }

  logger(prefix?: string): EngineLogger {
    const p = prefix ? `[${prefix}] ` : '';
    return {
      info: (m) => this.channel.info(p + m),
      warn: (m) => this.channel.warn(p + m),
      error: (m) => this.channel.error(p + m),
    };
  }

  info(m: string): void {
    this.channel.info(m);
  }

  warn(m: string): void {
    this.channel.warn(m);
  }

  error(m: string): void {
    this.channel.error(m);
  }

  /** Writes the entries appended since the last call for this run. */
  mirror(exec: OrchestrationExecution): void {
    const last = this.lastSeq.get(exec.id) ?? 0;
    for (const e of exec.decisionLog) {
      if (e.seq <= last) continue;
      const line = `[${exec.projectName} ${exec.id}] ${e.reason}`;
      if (exec.status === 'failed' && e.to.status === 'failed') this.channel.error(line);
      else if (e.kind === 'transition' || e.kind === 'decision') this.channel.info(line);
      else this.channel.debug(line);
    }
    const seq = exec.decisionLog.at(-1)?.seq;
    if (seq !== undefined) this.lastSeq.set(exec.id, seq);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
