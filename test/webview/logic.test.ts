// The webview's pure parts, in Node: form ↔ config with the engine's schema, the live fallback batch
// preview, pre-flight notices and the start gate, the saved UI state.
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG } from '../../src/core/model/config';
import { batchPreview, fallbackBatches, planText } from '../../webview-ui/config/batchPreview';
import { configInput, formFromConfig, validateForm, validBatchSize } from '../../webview-ui/config/formModel';
import { preflightNotices, startGate } from '../../webview-ui/config/notices';
import { formatDuration, formatUsd } from '../../webview-ui/shared/format';
import { defaultUiState, parseUiState } from '../../webview-ui/uiState';
import { fallbackPreflight, preflight } from './fixtures';
import { parseTasks } from '../../src/core/tasks/parseTasks';
import { describePlan, planBatches } from '../../src/core/tasks/planBatches';

describe('webview logic', function () {
  describe('form model', function () {
    it('round-trips the defaults and validates with OrchestrationConfigSchema', function () {
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
        },
      );
      const v = validateForm(form, DEFAULT_CONFIG);
      assert.deepEqual(v.config, DEFAULT_CONFIG);
      assert.deepEqual(v.fieldErrors, {});
    });

    it('keeps options the modal does not show from the host config', function () {
      const base = { ...DEFAULT_CONFIG, decisionModel: 'sonnet', staleAfterMinutes: 30, allowedTools: ['Read'] };
      const v = validateForm({ ...formFromConfig(base), additionalContext: 'Focus on performance' }, base);
      assert.equal(v.config?.decisionModel, 'sonnet');
      assert.equal(v.config?.staleAfterMinutes, 30);
      assert.deepEqual(v.config?.allowedTools, ['Read']);
      assert.equal(v.config?.additionalContext, 'Focus on performance');
    });

    it('reports each problem on its field in plain words, and problems elsewhere separately', function () {
      const form = { ...formFromConfig(DEFAULT_CONFIG), batchSizeFallback: '', maxHealAttempts: '9', healUsd: '-1', totalUsd: '2.5', model: 'not a model!' };
      const v = validateForm(form, DEFAULT_CONFIG);
      assert.equal(v.config, undefined);
      assert.deepEqual(v.fieldErrors, {
        batchSizeFallback: 'Batch size fallback must be a number',
        maxHealAttempts: 'Max heal attempts must be at most 5',
        healUsd: 'The heal budget must be greater than $0',
        model: 'A model is an alias (sonnet, opus, haiku) or a model name such as claude-sonnet-4-5',
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
      assert.equal(validBatchSize({ ...formFromConfig(DEFAULT_CONFIG), batchSizeFallback: '0' }), undefined);
      assert.equal(validBatchSize({ ...formFromConfig(DEFAULT_CONFIG), batchSizeFallback: '7.5' }), undefined);
      assert.equal(validBatchSize({ ...formFromConfig(DEFAULT_CONFIG), batchSizeFallback: '7' }), 7);
    });
  });

  describe('batch preview', function () {
    it('shows the host plan word for word when tasks.md has sections', function () {
      const p = batchPreview(preflight(), 3);
      assert.equal(p.planText, 'Detected 4 batches from tasks.md');
      assert.deepEqual(
        p.batches.map((b) => b.name),
        ['Setup', 'Core Components', 'Integration', 'Polish & Docs'],
      );
      assert.equal(p.noSectionsWarning, undefined);
    });

    it('recomputes fallback batches from the open tasks and the typed size', function () {
      assert.deepEqual(fallbackBatches(40, 15), [
        { index: 1, name: 'Tasks 1–15', taskCount: 15 },
        { index: 2, name: 'Tasks 16–30', taskCount: 15 },
        { index: 3, name: 'Tasks 31–40', taskCount: 10 },
      ]);
      assert.deepEqual(fallbackBatches(16, 15)[1], { index: 2, name: 'Task 16', taskCount: 1 });
      assert.deepEqual(fallbackBatches(0, 15), []);
      const p = batchPreview(fallbackPreflight(), 10);
      assert.equal(p.planText, 'Detected 4 batches from tasks.md');
      assert.equal(p.noSectionsWarning, 'No ## sections found in tasks.md: tasks will run in fixed batches of 10');
      assert.equal(batchPreview(fallbackPreflight(), 40).planText, 'Detected 1 batch from tasks.md');
      // The host's own cut keeps the host's names (with task IDs).
      assert.equal(batchPreview(fallbackPreflight(), 15).batches[0]!.name, 'Tasks T001–T015');
      // An invalid size shows the host's plan unchanged.
      assert.equal(batchPreview(fallbackPreflight(), undefined).planText, 'Detected 3 batches from tasks.md');
      assert.equal(planText(0), 'Detected 0 batches from tasks.md');
    });

    it("with the open task IDs, previews exactly the engine's batches for every batch size", function () {
      // 37 open tasks (one duplicated ID, three done), no sections: the engine's fallback plan at size 15 is the host's.
      const lines = Array.from({ length: 40 }, (_, i) => `- [${i % 13 === 5 ? 'x' : ' '}] T${String(i === 20 ? 20 : i + 1).padStart(3, '0')} task ${i + 1}`);
      const parsed = parseTasks(lines.join('\n'));
      const host = planBatches(parsed, 15);
      const view = preflight({
        planText: describePlan(host),
        fallback: true,
        totalTasks: host.totalTasks,
        completedTasks: host.completedTasks,
        openTasks: host.openTasks,
        openTaskIds: host.batches.flatMap((b) => b.tasks.map((t) => t.id)),
        batches: host.batches.map((b) => ({ index: b.index, name: b.name, taskCount: b.taskIds.length })),
        warnings: [],
      });
      for (let size = 1; size <= 40; size++) {
        const engine = planBatches(parsed, size);
        const shown = batchPreview(view, size);
        assert.deepEqual(
          shown.batches,
          engine.batches.map((b) => ({ index: b.index, name: b.name, taskCount: b.taskIds.length })),
          `size ${size}`,
        );
        assert.equal(shown.planText, describePlan(engine));
      }
      assert.equal(batchPreview(view, 10).batches[1]!.name, 'Tasks T012–T022');
    });

    it('has nothing to show before pre-flight, and no plan text without tasks.md', function () {
      assert.deepEqual(batchPreview(undefined, 15), { batches: [], fallback: false });
      const { planText: _omit, ...noTasks } = preflight({ batches: [], totalTasks: 0, openTasks: 0, completedTasks: 0 });
      assert.equal(batchPreview({ ...noTasks }, 15).planText, undefined);
    });
  });

  describe('notices and start gate', function () {
    it('adds the untrusted-workspace notice, puts blocking ones first, leaves no_sections to the preview', function () {
      const warnings = [
        { code: 'no_sections', message: 'No ## sections found in tasks.md: tasks will run in fixed batches of 15', blocking: false },
        { code: 'all_done', message: 'All tasks in tasks.md are already done', blocking: false },
        { code: 'claude_missing', message: 'claude CLI not found', blocking: true },
      ];
      const notices = preflightNotices({ trusted: false, preflight: preflight({ warnings }) });
      assert.deepEqual(
        notices.map((n) => n.code),
        ['untrusted', 'claude_missing', 'all_done'],
      );
      assert.deepEqual(preflightNotices({ trusted: true, preflight: undefined }), []);
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

  describe('saved UI state', function () {
    it('accepts what setState stored and replaces anything else by the defaults', function () {
      const saved = { ...defaultUiState(), view: 'config' as const, advancedOpen: true, form: formFromConfig(DEFAULT_CONFIG) };
      assert.deepEqual(parseUiState(JSON.parse(JSON.stringify(saved))), saved);
      assert.deepEqual(parseUiState(undefined), defaultUiState());
      const warn = console.warn;
      console.warn = () => {};
      try {
        assert.deepEqual(parseUiState({ v: 0, form: 'x' }), defaultUiState());
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
