import assert from 'node:assert/strict';
import { formatFor, ntfyTarget, webhookRequest, WebhookUrlError } from '../../../src/core/notify/formats';
import { notificationFor, type Notification } from '../../../src/core/notify/notification';
import { run } from './fixtures';

const failed: Notification = notificationFor(
  'running',
  run({
    projectName: 'shop <api> & co',
    status: 'failed',
    error: { message: 'T014 is still open; @everyone look at <src/ui.ts>', kind: 'batch_failed', at: '2026-03-01T10:30:00.000Z', details: {}, logPaths: [] },
  }),
  { reportPath: '/p/.specflow/reports/orchestration-20260301-100000-abcdef.md' },
)!;

const body = (format: Parameters<typeof webhookRequest>[0], url: string) => JSON.parse(webhookRequest(format, url, failed).body) as Record<string, unknown>;

describe('webhook formats', () => {
  it('are picked from the URL host, or named explicitly', () => {
    assert.equal(formatFor('https://hooks.slack.com/services/T000/B000/XXXX'), 'slack');
    assert.equal(formatFor('https://discord.com/api/webhooks/123/abc'), 'discord');
    assert.equal(formatFor('https://discordapp.com/api/webhooks/123/abc'), 'discord');
    assert.equal(formatFor('https://discord.com/channels/123'), 'json', 'a Discord page that is not a webhook');
    assert.equal(formatFor('https://ntfy.sh/my-topic'), 'ntfy');
    assert.equal(formatFor('https://example.com/hook?x=hooks.slack.com'), 'json', 'the host decides, not a substring');
    assert.equal(formatFor('https://hooks.slack.com.evil.example/services/x'), 'json');
    assert.equal(formatFor('not a url'), 'json');
    assert.equal(formatFor('https://ntfy.example.org/alerts', 'ntfy'), 'ntfy');
    assert.equal(formatFor('https://hooks.slack.com/services/x', 'json'), 'json');
  });

  it('Slack: {text, blocks} with mrkdwn control characters escaped', () => {
    const b = body('slack', 'https://hooks.slack.com/services/T/B/X') as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string }; elements?: { text: string }[] }[];
    };
    assert.match(b.text, /^:x: SpecFlow · shop &lt;api&gt; &amp; co: Failed: Tasks 12\/35/);
    assert.deepEqual(
      b.blocks.map((x) => x.type),
      ['header', 'section', 'context'],
    );
    assert.equal(b.blocks[0]!.text!.type, 'plain_text');
    assert.equal(b.blocks[0]!.text!.text, 'SpecFlow · shop <api> & co: Failed', 'plain_text is not escaped');
    assert.match(b.blocks[1]!.text!.text, /@everyone look at &lt;src\/ui\.ts&gt;/);
    assert.deepEqual(
      b.blocks[2]!.elements!.map((e) => e.text),
      [
        'Project: shop &lt;api&gt; &amp; co (/home/dev/shop-api)',
        'Report: /p/.specflow/reports/orchestration-20260301-100000-abcdef.md',
        'Run: 20260301-100000-abcdef',
      ],
    );
  });

  it('Discord: {content, embeds} with no mentions allowed', () => {
    const b = body('discord', 'https://discord.com/api/webhooks/1/x') as {
      content: string;
      embeds: { title: string; description: string; color: number; timestamp: string; fields: { name: string; value: string }[] }[];
      allowed_mentions: { parse: string[] };
    };
    assert.equal(b.content, 'SpecFlow · shop <api> & co: Failed');
    assert.equal(b.embeds.length, 1);
    assert.equal(b.embeds[0]!.title, 'Failed');
    assert.match(b.embeds[0]!.description, /@everyone/);
    assert.equal(b.embeds[0]!.color, 0xcf222e);
    assert.equal(b.embeds[0]!.timestamp, '2026-03-01T10:30:00.000Z');
    assert.deepEqual(
      b.embeds[0]!.fields.map((f) => f.name),
      ['Project', 'Report', 'Run'],
    );
    assert.deepEqual(b.allowed_mentions, { parse: [] });
  });

  it('ntfy: JSON published to the server root, the topic in the body', () => {
    const req = webhookRequest('ntfy', 'https://ntfy.sh/specflow-7f3a', failed);
    assert.equal(req.url, 'https://ntfy.sh/');
    const b = JSON.parse(req.body) as Record<string, unknown>;
    assert.equal(b.topic, 'specflow-7f3a');
    assert.equal(b.title, 'SpecFlow · shop <api> & co: Failed');
    assert.match(String(b.message), /^Tasks 12\/35 .*\nProject: shop <api> & co \(\/home\/dev\/shop-api\)\nReport: .*\nRun: 20260301-100000-abcdef$/);
    assert.deepEqual(b.tags, ['x', 'specflow']);
    assert.equal(b.priority, 4);
    // a self-hosted server under a path prefix, with an access token in the query
    assert.deepEqual(ntfyTarget('https://example.org/ntfy/alerts?auth=tk_123'), { root: 'https://example.org/ntfy/?auth=tk_123', topic: 'alerts' });
    assert.throws(() => ntfyTarget('https://ntfy.sh/'), WebhookUrlError);
  });

  it("json: SpecFlow's own {event, project, outcome, summary, reportPath, runId, at}", () => {
    assert.deepEqual(body('json', 'https://example.com/hook'), {
      event: 'orchestration.failed',
      project: { name: 'shop <api> & co', path: '/home/dev/shop-api' },
      outcome: { name: 'failed', label: 'Failed' },
      summary: failed.summary,
      reportPath: '/p/.specflow/reports/orchestration-20260301-100000-abcdef.md',
      runId: '20260301-100000-abcdef',
      at: '2026-03-01T10:30:00.000Z',
    });
    assert.equal(webhookRequest('json', 'https://example.com/hook', failed).headers['content-type'], 'application/json; charset=utf-8');
  });
});
