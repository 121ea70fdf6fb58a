// How a foreground run talks while it drives and when it ends: the TTY line or plain lines, or GitHub
// Actions output with --ci; webhook and desktop notifications; the job summary. The webhook URL comes from
// a flag or $SPECFLOW_NOTIFY_WEBHOOK and is never written anywhere.
import { readFile } from 'node:fs/promises';
import type { EngineEvents } from '../core/engine/events';
import type { OrchestrationExecution } from '../core/model/execution';
import { RunNotifier } from '../core/notify/runNotifier';
import { NotifySettingsSchema } from '../core/notify/settings';
import type { NotificationSink } from '../core/notify/sink';
import { WebhookNotifier } from '../core/notify/webhook';
import { reportPaths } from '../core/report/reportFiles';
import { CiReporter, writeJobSummary } from './ciReporter';
import { desktopSink } from './desktopNotify';
import type { CliIo } from './io';
import { ProgressRenderer } from './progressRenderer';
import { UsageError } from './usageError';

type Values = Record<string, string | boolean | string[] | undefined>;

export interface RunOutput {
  /** After the run rests and its report is written. */
  finish(orch: OrchestrationExecution): Promise<void>;
}

function notifySinks(values: Values, io: CliIo): NotificationSink[] {
  const parsed = NotifySettingsSchema.safeParse({
    webhookUrl: (typeof values['notify-webhook'] === 'string' ? values['notify-webhook'] : process.env.SPECFLOW_NOTIFY_WEBHOOK) ?? '',
    webhookFormat: typeof values['notify-format'] === 'string' ? values['notify-format'] : 'auto',
    desktop: Boolean(values['notify-desktop']),
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues[0]?.message ?? 'invalid notification settings');
  const logger = { info: (m: string) => io.err(`specflow: ${m}`), warn: (m: string) => io.err(`specflow: warning: ${m}`) };
  const { webhookUrl, webhookFormat, desktop } = parsed.data;
  return [
    ...(webhookUrl ? [new WebhookNotifier({ url: webhookUrl, ...(webhookFormat !== 'auto' ? { format: webhookFormat } : {}), logger })] : []),
    ...(desktop ? [desktopSink({ logger })] : []),
  ];
}

export function runOutput(values: Values, io: CliIo, projectPath: string, events: EngineEvents): RunOutput {
  const json = Boolean(values.json);
  const ci = Boolean(values.ci);
  const sinks = notifySinks(values, io);
  const notifier = sinks.length
    ? new RunNotifier({
        sinks,
        logger: { info: () => undefined, warn: (m) => io.err(`specflow: warning: ${m}`) },
        reportPath: (o) => reportPaths(projectPath, o.id).markdownPath,
      })
    : undefined;
  notifier?.subscribe(events);
  // GitHub reads workflow commands from stderr too: with --json they go there, keeping stdout one document.
  const ciReporter = ci ? new CiReporter((line) => (json ? io.err(line) : io.out(line))) : undefined;
  ciReporter?.subscribe(events);
  const renderer = ci ? undefined : new ProgressRenderer(io, { live: io.isTty, quiet: json });
  renderer?.subscribe(events);
  return {
    async finish(orch) {
      renderer?.finish(orch);
      ciReporter?.finish(orch);
      if (ci) {
        const markdown = await readFile(reportPaths(projectPath, orch.id).markdownPath, 'utf8').catch(() => undefined);
        const written = markdown !== undefined ? writeJobSummary(markdown) : undefined;
        if (written && !written.written && process.env.GITHUB_STEP_SUMMARY)
          io.err(`specflow: warning: the job summary was not written: ${written.problem ?? ''}`);
      }
      // main() exits as soon as we return: let the last notification (the one that matters) go out first.
      await notifier?.idle(20_000);
    },
  };
}
