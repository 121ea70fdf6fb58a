// The bodies of the four webhook formats, within each service's documented limits (Slack header 150 and
// section 3,000 characters; Discord content 2,000, embed title 256, description 4,096, field 1,024). Pure.
import type { Notification, NotifyOutcome } from './notification';

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Slack's mrkdwn treats &, < and > as control characters (links, mentions); everything else is literal. */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const EMOJI: Record<NotifyOutcome, { slack: string; ntfy: string }> = {
  completed: { slack: ':white_check_mark:', ntfy: 'white_check_mark' },
  merge_ready: { slack: ':rocket:', ntfy: 'rocket' },
  failed: { slack: ':x:', ntfy: 'x' },
  budget_exceeded: { slack: ':moneybag:', ntfy: 'moneybag' },
  user_gate: { slack: ':raising_hand:', ntfy: 'raising_hand' },
  usage_limit: { slack: ':hourglass:', ntfy: 'hourglass' },
};

function contextLines(n: Notification): string[] {
  return [`Project: ${n.project.name} (${n.project.path})`, ...(n.reportPath ? [`Report: ${n.reportPath}`] : []), `Run: ${n.runId}`];
}

export function slackBody(n: Notification) {
  const mrkdwn = (text: string) => ({ type: 'mrkdwn', text: clip(slackEscape(text), 3000) });
  return {
    // The notification text (and what clients without blocks show).
    text: clip(slackEscape(`${EMOJI[n.outcome.name].slack} ${n.title}: ${n.summary}`), 3000),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: clip(n.title, 150), emoji: true } },
      { type: 'section', text: mrkdwn(n.summary) },
      { type: 'context', elements: contextLines(n).map(mrkdwn) },
    ],
  };
}

const DISCORD_COLORS: Record<NotifyOutcome, number> = {
  completed: 0x2da44e,
  merge_ready: 0x2da44e,
  failed: 0xcf222e,
  budget_exceeded: 0xcf222e,
  user_gate: 0xbf8700,
  usage_limit: 0xbf8700,
};

export function discordBody(n: Notification) {
  const field = (name: string, value: string, inline = false) => ({ name, value: clip(value, 1024), inline });
  return {
    content: clip(n.title, 2000),
    embeds: [
      {
        title: clip(n.outcome.label, 256),
        description: clip(n.summary, 4096),
        color: DISCORD_COLORS[n.outcome.name],
        timestamp: n.at,
        fields: [
          field('Project', `${n.project.name}\n${n.project.path}`),
          ...(n.reportPath ? [field('Report', n.reportPath)] : []),
          field('Run', n.runId, true),
        ],
        footer: { text: 'SpecFlow' },
      },
    ],
    // An error text quoting "@everyone" must not ping a whole server.
    allowed_mentions: { parse: [] },
  };
}

const NTFY_PRIORITY: Record<NotifyOutcome, number> = { completed: 3, merge_ready: 3, failed: 4, budget_exceeded: 4, user_gate: 4, usage_limit: 3 };

export function ntfyBody(n: Notification, topic: string) {
  return {
    topic,
    title: n.title,
    message: [n.summary, ...contextLines(n)].join('\n'),
    tags: [EMOJI[n.outcome.name].ntfy, 'specflow'],
    priority: NTFY_PRIORITY[n.outcome.name],
  };
}

/** SpecFlow's own JSON for anything else (a script, a bot, a dashboard). */
export function genericBody(n: Notification) {
  return {
    event: `orchestration.${n.outcome.name}`,
    project: n.project,
    outcome: n.outcome,
    summary: n.summary,
    reportPath: n.reportPath ?? null,
    runId: n.runId,
    at: n.at,
    ...(n.resumesAt ? { resumesAt: n.resumesAt } : {}),
  };
}
