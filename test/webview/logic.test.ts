// The webview's pure parts, in Node: form ↔ config with the engine's schema, the preview options and their
// debounced requests, pre-flight notices and the start gate, the usage-limit countdown, the raise-budget
// form, the SVG data URL, the saved UI state.
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import { configInput, formFromConfig, validateForm } from '../../webview-ui/config/formModel';
import { allNotices, listedNotices, startGate } from '../../webview-ui/config/notices';
import { previewOptions, PreviewRequests } from '../../webview-ui/config/previewRequests';
import { limitCountdown } from '../../webview-ui/progress/limitText';
import { formatDuration, whenText } from '../../src/protocol/timeText';
import { checkRaise, raiseFormFor } from '../../webview-ui/progress/raiseBudgetModel';
import { svgDataUrl } from '../../webview-ui/report/timelineImage';
import { formatUsd } from '../../webview-ui/shared/format';
import { defaultUiState, parseUiState } from '../../webview-ui/uiState';
import { budgetState, kiroPreflight, preflight, runView } from './fixtures';

/** Timers the test fires by hand. */
function manualTimers() {
  const queue = new Map<number, () => void>();
  let next = 1;
  return {
    timers: { set: (fn: () => void) => (queue.set(next, fn), next++), clear: (h: unknown) => void queue.delete(h as number) },
    fire(): void {
      const fns = [...queue.values()];
      queue.clear();
      for (const fn of fns) fn();
    },
    get size() {
      return queue.size;
    },
  };
}

describe('webview logic', function () {
  describe('form model', function () {
    it('round-trips the defaults, new options included, and validates with OrchestrationConfigSchema', function () {
      const form = formFromConfig(DEFAULT_CONFIG);
      assert.deepEqual(
        { ...form },
        {
          autoMerge: false,
          skipDesign: false,
          skipAnalyze: false,
          additionalContext: '',
          autoHeal: true,
          maxHealAttempts: '1',
          batchSizeFallback: '15',
          pauseBetweenBatches: false,
          perBatchUsd: '5',
          totalUsd: '50',
          healUsd: '2',
          model: '',
          fallbackModel: '',
          maxBatchTasks: '20',
          includeOptionalTasks: false,
          checklistsAreTasks: false,
          parallelAgents: '1',
          gate: '',
          gateTimeoutMinutes: '20',
          checkpoints: 'commit',
          maxLimitWaitHours: '6',
        },
      );
      const v = validateForm(form, DEFAULT_CONFIG);
      assert.deepEqual(v.config, DEFAULT_CONFIG);
      assert.deepEqual(v.fieldErrors, {});
    });

    it('keeps options the modal does not show from the host config', function () {
      const base = { ...DEFAULT_CONFIG, decisionModel: 'sonnet', staleAfterMinutes: 30, allowedTools: ['Read'], serialPatterns: ['migration'] };
      const v = validateForm({ ...formFromConfig(base), additionalContext: 'Focus on performance', gate: 'none', checkpoints: 'refs' }, base);
      assert.equal(v.config?.decisionModel, 'sonnet');
      assert.equal(v.config?.staleAfterMinutes, 30);
      assert.deepEqual(v.config?.allowedTools, ['Read']);
      assert.deepEqual(v.config?.serialPatterns, ['migration']);
      assert.equal(v.config?.additionalContext, 'Focus on performance');
      assert.equal(v.config?.gate, 'none');
      assert.equal(v.config?.checkpoints, 'refs');
    });

    it('reports each problem on its field in plain words, and problems elsewhere separately', function () {
      const form = {
        ...formFromConfig(DEFAULT_CONFIG),
        batchSizeFallback: '',
        maxHealAttempts: '9',
        healUsd: '-1',
        totalUsd: '2.5',
        model: 'not a model!',
        parallelAgents: '9',
        maxBatchTasks: '2.5',
        gateTimeoutMinutes: '0',
      };
      const v = validateForm(form, DEFAULT_CONFIG);
      assert.equal(v.config, undefined);
      assert.deepEqual(v.fieldErrors, {
        batchSizeFallback: 'Batch size fallback must be a number',
        maxHealAttempts: 'Max heal attempts must be at most 5',
        healUsd: 'The heal budget must be greater than $0',
        model: 'A model is an alias (sonnet, opus, haiku) or a model name such as claude-sonnet-4-5',
        parallelAgents: 'Parallel agents must be at most 8',
        maxBatchTasks: 'Max batch tasks must be a whole number',
        gateTimeoutMinutes: 'Gate timeout must be greater than 0',
      });
      const custom = validateForm(formFromConfig(DEFAULT_CONFIG), { ...DEFAULT_CONFIG, skillProfile: 'custom' });
      assert.deepEqual(custom.fieldErrors, {});
      assert.equal(custom.otherErrors.length, 5);
      assert.match(custom.otherErrors[0]!, /^skills\.design: the custom profile needs a skill for design$/);
    });

    it('turns typed numbers into numbers and anything else into NaN', function () {
      const c = configInput({ ...formFromConfig(DEFAULT_CONFIG), perBatchUsd: ' 1.25 ', batchSizeFallback: '1e1', maxHealAttempts: 'x' }, DEFAULT_CONFIG);
      assert.equal((c.budget as { perBatchUsd: number }).perBatchUsd, 1.25);
      assert.equal(c.batchSizeFallback, 10);
      assert.ok(Number.isNaN(c.maxHealAttempts));
    });
  });

  describe('batch preview requests (the host plans; nothing is computed here)', function () {
    it("sends every plan-changing option: the form's when valid, else the host config's", function () {
      const form = formFromConfig(DEFAULT_CONFIG);
      assert.deepEqual(previewOptions(form, DEFAULT_CONFIG), {
        batchSizeFallback: 15,
        maxBatchTasks: 20,
        includeOptionalTasks: false,
        checklistsAreTasks: false,
        parallelAgents: 1,
        gate: '',
        checkpoints: 'commit',
      });
      const host = { ...DEFAULT_CONFIG, maxBatchTasks: 12 };
      const edited = previewOptions({ ...form, maxBatchTasks: '0', parallelAgents: '4', gate: '  npm test  ', includeOptionalTasks: true }, host);
      assert.equal(edited.maxBatchTasks, 12, "an invalid value gives the host config's");
      assert.equal(edited.parallelAgents, 4);
      assert.equal(edited.gate, 'npm test', 'trimmed as the schema does');
      assert.equal(edited.includeOptionalTasks, true);
      assert.equal('model' in edited, false, 'options that do not change the plan are not sent');
    });

    it('debounces: one request after a burst of edits, none for the options shown, "pending" until answered', function () {
      const t = manualTimers();
      const sent: unknown[] = [];
      const r = new PreviewRequests((o) => (sent.push(o), true), 200, t.timers);
      const base = previewOptions(formFromConfig(DEFAULT_CONFIG), DEFAULT_CONFIG);
      assert.equal(r.known, false);
      r.baseline(base);
      assert.equal(r.known, true);
      r.request(base);
      assert.equal(r.pending, false, 'the options shown need no preview');
      r.request({ ...base, maxBatchTasks: 1 });
      r.request({ ...base, maxBatchTasks: 10 });
      assert.equal(t.size, 1, 'a new edit replaces the waiting request');
      assert.equal(r.pending, true);
      t.fire();
      assert.deepEqual(sent, [{ ...base, maxBatchTasks: 10 }]);
      assert.equal(r.pending, true, 'sent, not answered yet');
      r.answered();
      assert.equal(r.pending, false);
      r.request({ ...base, maxBatchTasks: 10 });
      assert.equal(t.size, 0, 'the options last asked for are not asked again');
      // Back to the host's options before the timer fires: nothing goes out.
      r.request({ ...base, maxBatchTasks: 12 });
      r.request({ ...base, maxBatchTasks: 10 });
      assert.equal(r.pending, false);
      assert.equal(sent.length, 1);
    });
  });

  describe('notices and start gate', function () {
    it('adds the untrusted-workspace notice, puts blocking ones first, lists only those no other part shows', function () {
      const warnings = [
        { code: 'no_sections', message: 'No ## sections found in tasks.md: tasks will run in fixed batches of 15', blocking: false },
        { code: 'all_done', message: 'All tasks in tasks.md are already done', blocking: false },
        { code: 'gate', message: 'the gate command cannot be parsed', blocking: true },
        { code: 'claude_missing', message: 'claude CLI not found', blocking: true },
        { code: 'not_git', message: 'Not a git repository', blocking: false },
      ];
      const all = allNotices({ trusted: false, preflight: preflight({ warnings }) });
      assert.deepEqual(
        all.map((n) => n.code),
        ['untrusted', 'gate', 'claude_missing', 'no_sections', 'all_done', 'not_git'],
      );
      assert.deepEqual(
        listedNotices(all, preflight({ warnings })).map((n) => n.code),
        ['untrusted', 'claude_missing', 'all_done'],
      );
      // Without gate and checkpoint lines, their warnings are listed.
      const bare = preflight({ warnings, gate: undefined, checkpoints: undefined });
      assert.deepEqual(
        listedNotices(all, bare).map((n) => n.code),
        ['untrusted', 'gate', 'claude_missing', 'all_done', 'not_git'],
      );
      assert.equal(startGate({ pending: false, notices: all, invalidFields: 0, otherErrors: 0 }).reason, 'Cannot start: ' + all[0]!.message);
      assert.deepEqual(allNotices({ trusted: true, preflight: undefined }), []);
      assert.equal(kiroPreflight().warnings[0]!.code, 'dirty_tree');
    });

    it('explains why Start is disabled, most urgent reason first', function () {
      const blocking = [{ code: 'claude_missing', message: 'claude CLI not found', blocking: true }];
      assert.deepEqual(startGate({ pending: true, notices: blocking, invalidFields: 1, otherErrors: 0 }), { enabled: false, reason: 'Starting…' });
      assert.deepEqual(startGate({ pending: false, busy: 'Merging…', notices: [], invalidFields: 0, otherErrors: 0 }), { enabled: false, reason: 'Merging…' });
      assert.deepEqual(startGate({ pending: false, notices: blocking, invalidFields: 1, otherErrors: 0 }), {
        enabled: false,
        reason: 'Cannot start: claude CLI not found',
      });
      assert.deepEqual(startGate({ pending: false, notices: [], invalidFields: 1, otherErrors: 0 }), {
        enabled: false,
        reason: 'Cannot start: fix the option marked above',
      });
      assert.deepEqual(startGate({ pending: false, notices: [], invalidFields: 0, otherErrors: 0 }), { enabled: true });
    });
  });

  describe('usage-limit countdown', function () {
    it('reads as the host words it, with the date when the reset is not today', function () {
      const now = new Date(2026, 10, 26, 1, 12, 0).getTime(); // local time, as the webview's clock
      assert.equal(whenText(new Date(2026, 10, 26, 4, 24).getTime(), now), '04:24');
      assert.equal(whenText(new Date(2026, 11, 1, 17, 0).getTime(), now), 'Tue 1 Dec 17:00');
      assert.deepEqual(limitCountdown({ until: new Date(now + 3 * 3_600_000 + 12 * 60_000).toISOString() }, now), { at: '04:24', left: '3h 12m' });
      assert.deepEqual(limitCountdown({ until: new Date(now - 5000).toISOString() }, now)?.left, '0s');
      assert.equal(limitCountdown({}, now), undefined);
    });
  });

  describe('raise budget', function () {
    it('offers twice the cap that stopped the run and sends only what changed, always that cap', function () {
      const s = budgetState();
      const form = raiseFormFor(s.run!, s.config);
      assert.equal(form.cap, 'perBatchUsd');
      assert.deepEqual(form.values, { perBatchUsd: '10', totalUsd: '50', healUsd: '2', decisionUsd: '0.5' });
      assert.deepEqual(checkRaise(form, s.config), { budget: { perBatchUsd: 10 }, errors: {} });
      assert.deepEqual(checkRaise({ ...form, values: { ...form.values, totalUsd: '80' } }, s.config).budget, { perBatchUsd: 10, totalUsd: 80 });
      const bad = checkRaise({ ...form, values: { ...form.values, perBatchUsd: '0', healUsd: 'x' } }, s.config);
      assert.equal(bad.budget, undefined);
      assert.deepEqual(bad.errors, { perBatchUsd: 'The per-batch budget must be greater than $0', healUsd: 'The heal budget must be a number of US dollars' });
      // At the schema's maximum, the offer stays at the current cap.
      const maxed = raiseFormFor(
        runView({ id: s.run!.id, budgetUsd: 10_000, error: { message: 'spent', kind: 'budget_exceeded', logPaths: [], cap: 'totalUsd' } }),
        s.config,
      );
      assert.equal(maxed.values.totalUsd, '10000');
    });
  });

  it('makes a base64 data URL of the SVG (UTF-8 text included)', function () {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><text>✓ 12 passed · €</text></svg>';
    const url = svgDataUrl(svg);
    assert.match(url, /^data:image\/svg\+xml;base64,/);
    assert.equal(Buffer.from(url.split(',')[1]!, 'base64').toString('utf8'), svg);
    assert.equal(svgDataUrl(svg), url);
    const big = 'x'.repeat(300_000);
    assert.equal(Buffer.from(svgDataUrl(big).split(',')[1]!, 'base64').toString('utf8'), big);
  });

  describe('saved UI state', function () {
    it('accepts what setState stored and replaces anything else (an older version too) by the defaults', function () {
      const saved = { ...defaultUiState(), view: 'report' as const, advancedOpen: true, form: formFromConfig(DEFAULT_CONFIG) };
      assert.deepEqual(parseUiState(JSON.parse(JSON.stringify(saved))), saved);
      assert.deepEqual(parseUiState(undefined), defaultUiState());
      const warn = console.warn;
      console.warn = () => {};
      try {
        assert.deepEqual(parseUiState({ v: 0, form: 'x' }), defaultUiState());
        assert.deepEqual(parseUiState({ ...saved, v: 1 }), defaultUiState());
      } finally {
        console.warn = warn;
      }
    });
  });

  it('formats durations and dollars', function () {
    assert.equal(formatDuration(754_000), '12m 34s');
    assert.equal(formatDuration(45_400), '45s');
    assert.equal(formatDuration(3_900_000), '1h 05m');
    assert.equal(formatUsd(1.234), '$1.23');
    assert.equal(formatUsd(1234.5), '$1,234.50');
  });
});
