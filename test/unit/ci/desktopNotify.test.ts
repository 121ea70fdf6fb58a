import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { desktopCommand, desktopMessage, desktopSink, notifyDesktop } from '../../../src/cli/desktopNotify';
import { notificationFor, type Notification } from '../../../src/core/notify/notification';
import { run } from '../notify/fixtures';
import { recordingLogger } from '../notify/receiver';

const tricky = { title: `SpecFlow · O'Brien "shop" \\ api: Failed`, body: 'Tasks 1/2 · <b>T2</b> & C:\\new\nReport: /p/r.md', urgent: true };

describe('desktop notifications: the commands (pure)', () => {
  it('Linux: notify-send, only with a display, the text as argv after --, markup and backslashes escaped', () => {
    assert.deepEqual(desktopCommand(tricky, 'linux', { DISPLAY: ':0' }), {
      file: 'notify-send',
      args: ['--app-name=SpecFlow', '--urgency=critical', '--', tricky.title, 'Tasks 1/2 · &lt;b&gt;T2&lt;/b&gt; &amp; C:\\\\new\nReport: /p/r.md'],
    });
    assert.equal(desktopCommand(tricky, 'linux', { WAYLAND_DISPLAY: 'wayland-0' })?.file, 'notify-send');
    assert.equal(desktopCommand(tricky, 'linux', {}), undefined, 'no desktop on a headless box or a CI runner');
    assert.equal(desktopCommand({ ...tricky, urgent: false }, 'linux', { DISPLAY: ':0' })?.args[1], '--urgency=normal');
  });

  it("macOS: osascript reads title and body from its run handler's argv, so quotes need no escaping", () => {
    const cmd = desktopCommand(tricky, 'darwin', {})!;
    assert.equal(cmd.file, 'osascript');
    assert.deepEqual(cmd.args, [
      '-e',
      'on run argv',
      '-e',
      'display notification (item 2 of argv) with title (item 1 of argv)',
      '-e',
      'end run',
      tricky.title,
      'Tasks 1/2 · <b>T2</b> & C:\\new — Report: /p/r.md',
    ]);
    assert.ok(
      cmd.args.slice(0, 6).every((a) => !a.includes('shop')),
      'no message text inside the script',
    );
  });

  it('Windows: a PowerShell toast that takes its text from the environment', () => {
    const cmd = desktopCommand(tricky, 'win32', {})!;
    assert.equal(cmd.file, 'powershell.exe');
    assert.deepEqual(cmd.args.slice(0, 5), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
    assert.ok(!cmd.args[5]!.includes('shop') && cmd.args[5]!.includes('$env:SPECFLOW_TOAST_TITLE'));
    assert.deepEqual(cmd.env, { SPECFLOW_TOAST_TITLE: tricky.title, SPECFLOW_TOAST_BODY: tricky.body });
    assert.equal(desktopCommand(tricky, 'aix', {}), undefined);
  });

  it('the message: title, summary and report; urgent when someone must act', () => {
    const n = notificationFor('running', run({ status: 'waiting', wait: { reason: 'user_gate', message: 'confirm', since: '2026-03-01T10:00:00.000Z' } }), {
      reportPath: '/r.md',
    })!;
    assert.deepEqual(desktopMessage(n), {
      title: 'SpecFlow · shop-api: Waiting at the USER GATE',
      body: 'Tasks 12/35 · $3.20 of $50.00 · confirm\nReport: /r.md',
      urgent: true,
    });
    assert.equal(desktopMessage(notificationFor('running', run({ status: 'completed' }))!).urgent, false);
  });
});

describe('desktop notifications on Linux, end to end with a fake notify-send', () => {
  let bin: string;
  let log: string;
  const n: Notification = notificationFor('running', run({ status: 'merge_ready' }), { reportPath: '/home/dev/shop-api/.specflow/reports/r.md' })!;

  function fakeNotifySend(exitCode = 0): void {
    // Records its argv NUL-separated (a body has newlines), then exits as told.
    writeFileSync(join(bin, 'notify-send'), `#!/bin/sh\nfor a in "$@"; do printf '%s\\0' "$a"; done > "$FAKE_NOTIFY_LOG"\nexit ${exitCode}\n`);
    chmodSync(join(bin, 'notify-send'), 0o755);
  }
  const recorded = () => readFileSync(log, 'utf8').split('\0').slice(0, -1);

  beforeEach(() => {
    bin = mkdtempSync(join(tmpdir(), 'specflow-notify-send-'));
    log = join(bin, 'argv.log');
  });
  afterEach(() => rmSync(bin, { recursive: true, force: true }));

  it('runs notify-send from PATH with the notification as argv', async () => {
    fakeNotifySend();
    const logger = recordingLogger();
    const ok = await notifyDesktop(n, { logger, platform: 'linux', env: { PATH: bin, DISPLAY: ':0', FAKE_NOTIFY_LOG: log } });
    assert.equal(ok, true);
    assert.deepEqual(recorded(), [
      '--app-name=SpecFlow',
      '--urgency=normal',
      '--',
      'SpecFlow · shop-api: Merge Ready',
      'Tasks 12/35 · $3.20 of $50.00\nReport: /home/dev/shop-api/.specflow/reports/r.md',
    ]);
    assert.deepEqual(logger.lines, []);
    // the same through the sink RunNotifier uses
    rmSync(log);
    assert.equal(await desktopSink({ logger, platform: 'linux', env: { PATH: bin, WAYLAND_DISPLAY: 'wayland-0', FAKE_NOTIFY_LOG: log } }).send(n), true);
    assert.equal(recorded()[3], 'SpecFlow · shop-api: Merge Ready');
  });

  it('does nothing without a display, and says so when notify-send is missing', async () => {
    fakeNotifySend();
    const logger = recordingLogger();
    assert.equal(await notifyDesktop(n, { logger, platform: 'linux', env: { PATH: bin, FAKE_NOTIFY_LOG: log } }), false);
    assert.equal(existsSync(log), false, 'notify-send never ran');
    assert.equal(await notifyDesktop(n, { logger, platform: 'linux', env: { PATH: join(bin, 'nowhere'), DISPLAY: ':0' } }), false);
    assert.deepEqual(logger.lines, ['info: notify: desktop notification skipped: notify-send is not on PATH']);
  });

  it('a failing notify-send is logged, never thrown', async () => {
    fakeNotifySend(3);
    const logger = recordingLogger();
    assert.equal(await notifyDesktop(n, { logger, platform: 'linux', env: { PATH: bin, DISPLAY: ':0', FAKE_NOTIFY_LOG: log } }), false);
    assert.deepEqual(logger.lines, ['warn: notify: desktop notification failed: notify-send exited with 3']);
  });
});
