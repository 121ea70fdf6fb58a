// The example workflow, checked by GitHub's own parser (@actions/workflow-parser) and its shell steps run here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WorkflowTemplate } from '@actions/workflow-parser';
import { loadWorkflowParser, plain } from './loadWorkflowParser';

const FILE = join(__dirname, '../../../examples/ci/github-actions/specflow-phase.yml');

interface Step {
  name: string;
  id?: string;
  if?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
  'working-directory'?: string;
}
interface Job {
  if: string;
  strategy?: { 'fail-fast': boolean; matrix: Record<string, string> };
  env: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  on: { workflow_dispatch: { inputs: Record<string, { type: string; default?: unknown }> } };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

describe('examples/ci/github-actions/specflow-phase.yml', () => {
  let errors: string[];
  let template: WorkflowTemplate;
  let wf: Workflow;
  const step = (job: string, name: string): Step => {
    const s = wf.jobs[job]!.steps.find((x) => x.name === name);
    assert.ok(s, `no step "${name}" in ${job}`);
    return s;
  };

  before(async function () {
    this.timeout(60_000);
    const parser = loadWorkflowParser();
    const result = parser.parseWorkflow({ name: 'specflow-phase.yml', content: readFileSync(FILE, 'utf8') }, new parser.NoOperationTraceWriter());
    errors = result.context.errors.getErrors().map((e) => e.message);
    assert.ok(result.value, errors.join('\n'));
    template = await parser.convertWorkflowTemplate(result.context, result.value);
    wf = plain(JSON.parse(JSON.stringify(result.value))) as Workflow;
  });

  it('parses with no errors', () => {
    assert.deepEqual(errors, []);
    assert.equal(template.errors, undefined);
    assert.deepEqual(
      template.jobs.map((j) => j.id.value),
      ['phase', 'phases'],
    );
  });

  it('is started by hand, with the feature, project, budgets, auto-merge and SpecFlow version as inputs', () => {
    assert.deepEqual(Object.keys(template.events), ['workflow_dispatch']);
    const inputs = template.events.workflow_dispatch!.inputs!;
    assert.deepEqual(Object.keys(inputs), [
      'feature_branch',
      'features',
      'project_dir',
      'budget_total',
      'budget_batch',
      'auto_merge',
      'base_branch',
      'specflow_ref',
      'specflow_repository',
    ]);
    assert.equal(inputs.auto_merge!.type, 'boolean');
    assert.equal(inputs.auto_merge!.default, false);
    assert.equal(inputs.budget_total!.default, '50');
    assert.deepEqual(wf.permissions, { contents: 'write', 'pull-requests': 'write' });
  });

  it('runs one feature on one runner, or several in a matrix, one runner each', () => {
    assert.equal(wf.jobs.phase!.if, "inputs.features == ''");
    assert.equal(wf.jobs.phases!.if, "inputs.features != ''");
    assert.equal(wf.jobs.phases!.strategy!['fail-fast'], false);
    assert.equal(wf.jobs.phases!.strategy!.matrix.feature, `\${{ fromJSON(inputs.features || '[""]') }}`);
    assert.equal(wf.jobs.phases!.env.FEATURE_BRANCH, '${{ matrix.feature }}');
    assert.equal(wf.jobs.phase!.env.FEATURE_BRANCH, '${{ inputs.feature_branch }}');
    // The same steps in both jobs: only where the branch comes from differs.
    assert.deepEqual(wf.jobs.phases!.steps, wf.jobs.phase!.steps);
  });

  // A step's `with` values are strings to the parser, as to the runner.
  it('checks out the feature branch with its history, sets up Node 20, installs Claude Code and builds SpecFlow', () => {
    assert.deepEqual(step('phase', 'Check out the feature branch (full history)').with, {
      ref: '${{ env.FEATURE_BRANCH }}',
      'fetch-depth': '0',
      path: 'project',
    });
    assert.deepEqual(step('phase', 'Check out SpecFlow').with, {
      repository: '${{ inputs.specflow_repository }}',
      ref: '${{ inputs.specflow_ref }}',
      path: '_specflow',
      'persist-credentials': 'false',
    });
    assert.equal(step('phase', 'Set up Node 20').with!['node-version'], '20');
    assert.match(step('phase', 'Install Claude Code').run!, /^npm install -g @anthropic-ai\/claude-code$/m);
    const build = step('phase', 'Build SpecFlow');
    assert.equal(build['working-directory'], '_specflow');
    assert.match(build.run!, /^npm ci\nnpm run build\n/);
    assert.match(build.run!, /exec node "%s\/dist\/cli\.js" "\$@"/);
  });

  it('runs start --ci with the budgets from the inputs and the key from the secrets, in that step only', () => {
    const run = step('phase', 'Run the phase');
    assert.equal(run.id, 'run');
    assert.match(run.run!, /specflow-orchestrate "\$\{args\[@\]\}"/);
    assert.match(run.run!, /args=\(start --ci --project "\$PROJECT_DIR" --budget-total "\$BUDGET_TOTAL" --budget-batch "\$BUDGET_BATCH"\)/);
    assert.equal(run.env!.ANTHROPIC_API_KEY, '${{ secrets.ANTHROPIC_API_KEY }}');
    const text = readFileSync(FILE, 'utf8');
    assert.equal(text.match(/secrets\./g)?.length, 2, 'one secret reference per job');
    // Inputs reach scripts through env, never spliced into the script (script injection).
    for (const s of wf.jobs.phase!.steps) if (s.run) assert.ok(!s.run.includes('${{'), `${s.name} splices an expression into its script`);
  });

  it('always uploads the reports and the run logs, then pushes and opens a pull request', () => {
    const upload = step('phase', 'Upload the report and the run logs');
    assert.equal(upload.uses, 'actions/upload-artifact@v4');
    assert.equal(upload.if, 'always()');
    assert.equal(upload.with!['include-hidden-files'], 'true');
    // The parser turns a value with expressions into one format() call.
    const path = String(upload.with!.path);
    assert.match(
      path,
      /^\$\{\{ format\('\s*project\/\{0\}\/\.specflow\/reports\/\n\s*project\/\{1\}\/\.specflow\/workflows\/runs\/\n', inputs\.project_dir, inputs\.project_dir\) \}\}$/,
    );
    assert.equal(step('phase', 'Push the batch commits').if, "always() && steps.run.outputs.exit-code != ''");
    const pr = step('phase', 'Open a pull request');
    assert.equal(pr.env!.GH_TOKEN, '${{ github.token }}');
    assert.match(pr.run!, /gh pr create --base "\$BASE_BRANCH" --head "\$FEATURE_BRANCH"/);
    for (const s of wf.jobs.phase!.steps) if (s.uses) assert.match(s.uses, /^actions\/[a-z-]+@v4$/);
  });

  describe('its shell steps, run here with bash the way the runner runs them', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'specflow-workflow-'))));
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    function runStep(script: string, env: Record<string, string>) {
      writeFileSync(join(dir, 'step.sh'), script);
      writeFileSync(join(dir, 'output'), '');
      writeFileSync(join(dir, 'env'), '');
      const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(dir, 'step.sh')], {
        cwd: dir,
        env: { PATH: `${dir}/bin:${process.env.PATH}`, GITHUB_OUTPUT: join(dir, 'output'), GITHUB_ENV: join(dir, 'env'), ...env },
        encoding: 'utf8',
      });
      return { code: r.status, stdout: r.stdout, output: readFileSync(join(dir, 'output'), 'utf8'), env: readFileSync(join(dir, 'env'), 'utf8') };
    }

    it('"Run the phase": 0 and 4 pass (4 with a notice), anything else fails the step; the exit code is kept', () => {
      const script = step('phase', 'Run the phase').run!;
      // A stand-in for the CLI: records its argv, exits as told.
      const bin = join(dir, 'bin');
      mkdirSync(bin);
      writeFileSync(join(bin, 'specflow-orchestrate'), `#!/bin/sh\nprintf '%s\\n' "$@" > "${dir}/argv"\nexit "$FAKE_EXIT"\n`);
      chmodSync(join(bin, 'specflow-orchestrate'), 0o755);
      const env = { PROJECT_DIR: 'apps/shop', BUDGET_TOTAL: '12.5', BUDGET_BATCH: '2', AUTO_MERGE: 'false' };
      const ok = runStep(script, { ...env, FAKE_EXIT: '0' });
      assert.equal(ok.code, 0);
      assert.equal(ok.output, 'exit-code=0\noutcome=done\n');
      assert.deepEqual(readFileSync(join(dir, 'argv'), 'utf8').trim().split('\n'), [
        'start',
        '--ci',
        '--project',
        'apps/shop',
        '--budget-total',
        '12.5',
        '--budget-batch',
        '2',
      ]);
      const waiting = runStep(script, { ...env, AUTO_MERGE: 'true', FAKE_EXIT: '4' });
      assert.equal(waiting.code, 0, 'paused at a USER GATE or a usage limit is neutral');
      assert.equal(waiting.output, 'exit-code=4\noutcome=needs-you\n');
      assert.match(waiting.stdout, /^::notice title=SpecFlow needs you::/m);
      assert.equal(readFileSync(join(dir, 'argv'), 'utf8').trim().split('\n').at(-1), '--auto-merge');
      for (const code of [1, 5]) {
        const failed = runStep(script, { ...env, FAKE_EXIT: String(code) });
        assert.equal(failed.code, code);
        assert.equal(failed.output, `exit-code=${code}\noutcome=failed\n`);
      }
    });

    it('"Check the inputs": a branch name becomes an artifact-safe slug; no branch stops the job', () => {
      const script = step('phases', 'Check the inputs').run!;
      const r = runStep(script, { FEATURE_BRANCH: 'feature/001-auth v2' });
      assert.equal(r.code, 0);
      assert.equal(r.env, 'FEATURE_SLUG=feature-001-auth-v2\n');
      const none = runStep(script, { FEATURE_BRANCH: '' });
      assert.equal(none.code, 2);
      assert.match(none.stdout, /^::error title=No feature branch::/m);
    });
  });
});
