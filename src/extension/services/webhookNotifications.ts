// Run outcomes posted to the user's webhook (`specflow.notify.webhookUrl`: Slack, Discord, ntfy or JSON),
// from the window that drives the run, so two windows never both post. The URL is read from the settings
// when needed and never written anywhere; a changed setting takes effect for the next outcome.
import * as vscode from 'vscode';
import type { RunNotifier } from '../../core/notify/runNotifier';
import { Disposable } from '../disposable';
import { loadEngine } from '../lazy';
import type { OrchestratorService } from './orchestratorService';
import type { RunLog } from './runLog';

export class WebhookNotifications extends Disposable {
  private notifier: RunNotifier | undefined;
  private configured = '';

  constructor(
    service: OrchestratorService,
    private readonly log: RunLog,
  ) {
    super();
    this._register(
      service.onDidChangeProject((state) => {
        if (state.current && state.driving) this.current()?.observe(state.current);
      }),
    );
  }

  private current(): RunNotifier | undefined {
    const cfg = vscode.workspace.getConfiguration('specflow.notify');
    const url = cfg.get<string>('webhookUrl', '').trim();
    const format = cfg.get<string>('webhookFormat', 'auto');
    const key = `${format}|${url}`;
    if (key === this.configured) return this.notifier;
    this.configured = key;
    this.notifier = undefined;
    if (!url) return undefined;
    const { NotifySettingsSchema, RunNotifier, WebhookNotifier, reportPaths } = loadEngine();
    const parsed = NotifySettingsSchema.safeParse({ webhookUrl: url, webhookFormat: format });
    if (!parsed.success) {
      this.log.warn(`specflow.notify: ${parsed.error.issues[0]?.message ?? 'invalid settings'}`);
      return undefined;
    }
    const logger = { info: (m: string) => this.log.info(m), warn: (m: string) => this.log.warn(m) };
    const f = parsed.data.webhookFormat;
    const sink = new WebhookNotifier({ url: parsed.data.webhookUrl, ...(f !== 'auto' ? { format: f } : {}), logger });
    this.notifier = new RunNotifier({ sinks: [sink], logger, reportPath: (o) => reportPaths(o.projectPath, o.id).markdownPath });
    return this.notifier;
  }
}
