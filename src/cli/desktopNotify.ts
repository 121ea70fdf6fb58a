// Desktop notifications from the CLI, with what the OS already has (no dependency): notify-send on Linux
// (only with a display), osascript on macOS, a PowerShell toast on Windows. Best-effort: a missing tool or a
// failing one is logged, never thrown. The text reaches the tool as data — argv items or environment
// variables — never spliced into a shell line or a script, so no quote in a project name can break out.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Notification } from '../core/notify/notification';
import type { NotificationSink, NotifyLogger } from '../core/notify/sink';
import { loadExeca } from '../core/process/execa';

export interface DesktopMessage {
  title: string;
  body: string;
  urgent: boolean;
}

export interface DesktopCommand {
  file: string;
  args: string[];
  /** Extra environment for the command (Windows passes the text this way). */
  env?: Record<string, string>;
}

type Env = Record<string, string | undefined>;

export function desktopMessage(n: Notification): DesktopMessage {
  const urgent = n.outcome.name === 'failed' || n.outcome.name === 'budget_exceeded' || n.outcome.name === 'user_gate';
  return { title: n.title, body: [n.summary, ...(n.reportPath ? [`Report: ${n.reportPath}`] : [])].join('\n'), urgent };
}

/** Notification servers read the body as a small subset of HTML, and notify-send unescapes it like C (g_strcompress). */
function notifySendBody(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The script takes title and body from its run handler's argv: nothing to escape in AppleScript.
const APPLESCRIPT = ['on run argv', 'display notification (item 2 of argv) with title (item 1 of argv)', 'end run'];

// CreateTextNode escapes for XML; the AppUserModelID is PowerShell's own, which Windows always shows toasts for.
const TOAST = [
  '[Windows.UI.Notifications.ToastNotificationManager, Windows.UI.Notifications, ContentType = WindowsRuntime] > $null',
  '$xml = [Windows.UI.Notifications.ToastNotificationManager]::GetTemplateContent([Windows.UI.Notifications.ToastTemplateType]::ToastText02)',
  "$texts = $xml.GetElementsByTagName('text')",
  '$texts.Item(0).AppendChild($xml.CreateTextNode($env:SPECFLOW_TOAST_TITLE)) > $null',
  '$texts.Item(1).AppendChild($xml.CreateTextNode($env:SPECFLOW_TOAST_BODY)) > $null',
  "$app = '{1AC14E77-02E7-4E5D-B744-2EB1AE5198B7}\\WindowsPowerShell\\v1.0\\powershell.exe'",
  '[Windows.UI.Notifications.ToastNotificationManager]::CreateToastNotifier($app).Show([Windows.UI.Notifications.ToastNotification]::new($xml))',
].join('; ');

/** The command that shows `m` on this platform, or undefined where there is no desktop to show it on. Pure. */
export function desktopCommand(m: DesktopMessage, platform: NodeJS.Platform, env: Env): DesktopCommand | undefined {
  switch (platform) {
    case 'linux':
    case 'freebsd':
    case 'openbsd':
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
      // `--` ends the options: a title starting with "-" is still a title.
      return { file: 'notify-send', args: ['--app-name=SpecFlow', `--urgency=${m.urgent ? 'critical' : 'normal'}`, '--', m.title, notifySendBody(m.body)] };
    case 'darwin':
      return { file: 'osascript', args: [...APPLESCRIPT.flatMap((line) => ['-e', line]), m.title, m.body.replace(/\n/g, ' — ')] };
    case 'win32':
      return {
        file: 'powershell.exe',
        args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', TOAST],
        env: { SPECFLOW_TOAST_TITLE: m.title, SPECFLOW_TOAST_BODY: m.body },
      };
    default:
      return undefined;
  }
}

/** `name` as found on PATH (an absolute path given as `name` is checked as it is). */
function findOnPath(name: string, env: Env, platform: NodeJS.Platform = process.platform): string | undefined {
  const exts = platform === 'win32' ? ['', ...(env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  const dirs = name.includes('/') || name.includes('\\') ? [''] : (env.PATH ?? env.Path ?? '').split(delimiter).filter(Boolean);
  for (const dir of dirs)
    for (const ext of exts) {
      const candidate = dir ? join(dir, name + ext) : name + ext;
      try {
        accessSync(candidate, platform === 'win32' ? constants.F_OK : constants.X_OK);
        return candidate;
      } catch {
        /* not here */
      }
    }
  return undefined;
}

export interface DesktopNotifyOptions {
  logger: NotifyLogger;
  platform?: NodeJS.Platform;
  env?: Env;
  timeoutMs?: number;
}

/** Shows `n` on the desktop; resolves to whether a notification tool ran successfully. Never rejects. */
export async function notifyDesktop(n: Notification, opts: DesktopNotifyOptions): Promise<boolean> {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const cmd = desktopCommand(desktopMessage(n), platform, env);
  if (!cmd) return false;
  const file = findOnPath(cmd.file, env, platform);
  if (!file) {
    opts.logger.info(`notify: desktop notification skipped: ${cmd.file} is not on PATH`);
    return false;
  }
  try {
    const execa = await loadExeca();
    const r = await execa(file, cmd.args, {
      env: { ...env, ...cmd.env },
      extendEnv: false,
      stdin: 'ignore',
      reject: false,
      timeout: opts.timeoutMs ?? 10_000,
      windowsHide: true,
    });
    if (r.exitCode === 0) return true;
    opts.logger.warn(`notify: desktop notification failed: ${cmd.file} ${r.timedOut ? 'timed out' : `exited with ${r.exitCode ?? r.signal}`}`);
  } catch (e) {
    opts.logger.warn(`notify: desktop notification failed: ${(e as Error)?.message ?? String(e)}`);
  }
  return false;
}

/** The desktop as a sink of RunNotifier. */
export function desktopSink(opts: DesktopNotifyOptions): NotificationSink {
  return { name: 'desktop', send: (n) => notifyDesktop(n, opts) };
}
