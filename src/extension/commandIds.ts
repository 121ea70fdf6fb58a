// Every command ID in one place; a unit test checks this list against package.json contributes.commands.
export const CommandId = {
  CompletePhase: 'specflow.completePhase',
  ShowProgress: 'specflow.showProgress',
  OpenDecisionLog: 'specflow.openDecisionLog',
  Pause: 'specflow.pause',
  Resume: 'specflow.resume',
  Cancel: 'specflow.cancel',
  Merge: 'specflow.merge',
  Refresh: 'specflow.refresh',
  TryDemo: 'specflow.tryDemo',
  SkillOrchestrate: 'specflow.skill.orchestrate',
  SkillMerge: 'specflow.skill.merge',
  SkillReview: 'specflow.skill.review',
  SkillMemory: 'specflow.skill.memory',
  OpenRunLog: 'specflow.openRunLog',
  ApiStart: 'specflow.api.start',
  ApiStatus: 'specflow.api.status',
  ApiList: 'specflow.api.list',
  ApiCancel: 'specflow.api.cancel',
  ApiResume: 'specflow.api.resume',
  ApiMerge: 'specflow.api.merge',
  ApiRevertBatch: 'specflow.api.revertBatch',
  OpenReport: 'specflow.openReport',
  RevertBatch: 'specflow.revertBatch',
  OpenBatchChanges: 'specflow.openBatchChanges',
  StartApi: 'specflow.startApi',
  StopApi: 'specflow.stopApi',
} as const;
export type CommandId = (typeof CommandId)[keyof typeof CommandId];

/** The webview panel's view type (its serializer revives it after a reload). */
export const PANEL_VIEW_TYPE = 'specflow.panel';

/** Context keys set by the extension for `when` clauses. */
export const ContextKey = {
  HasProjects: 'specflow.hasProjects',
  AnyRun: 'specflow.anyRun',
  AnyPausable: 'specflow.anyPausable',
  AnyCancellable: 'specflow.anyCancellable',
  AnyResumable: 'specflow.anyResumable',
  AnyMergeable: 'specflow.anyMergeable',
  ApiRunning: 'specflow.apiRunning',
  /** The walkthrough's first step: the claude SpecFlow would drive answers --version. */
  ClaudeFound: 'specflow.claudeFound',
} as const;
