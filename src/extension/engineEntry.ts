// Everything heavy the extension needs, bundled apart as dist/engine.js and loaded on first use (see
// lazy.ts): the engine, its zod schemas and execa, and the webview panel host with its message
// validation. Activation only loads the shell (commands, tree, status bar), which keeps it under 50 ms.
export { ProjectOrchestrator } from '../core/service/projectOrchestrator';
export { AlreadyInProgressError, InputError } from '../core/service/errors';
export { runBrief } from '../core/service/runBrief';
export { discoverProjects } from '../core/projects/discoverProjects';
export { summarizeProject } from '../core/projects/projectSummary';
export { isLockLive, readLock } from '../core/store/ownershipLock';
export { resolveClaude } from '../core/agent/claudeVersion';
export { writeDemoProject } from '../core/demo/demoProject';
export { readSettings } from './services/settings';
export { SpecflowPanel } from './panel/specflowPanel';
export { readFileAt } from '../core/checkpoints/runRefs';
export { inspectRepo } from '../core/checkpoints/repoState';
export { readReport, reportPaths, ReportFileError } from '../core/report/reportFiles';
export { RevertConflictError } from '../core/service/revertBatch';
export { startApiServer } from '../server/server';
export { RunNotifier } from '../core/notify/runNotifier';
export { WebhookNotifier } from '../core/notify/webhook';
export { NotifySettingsSchema } from '../core/notify/settings';
export { ServerLockHeldError } from '../server/serverLock';
