import assert from 'node:assert/strict';
import { NotifySettingsSchema } from '../../../src/core/notify/settings';

describe('NotifySettingsSchema (specflow.notify.*, --notify-* flags)', () => {
  it('defaults to no webhook, the format from the URL, no desktop notifications', () => {
    assert.deepEqual(NotifySettingsSchema.parse({}), { webhookUrl: '', webhookFormat: 'auto', desktop: false });
    assert.deepEqual(NotifySettingsSchema.parse({ webhookUrl: ' https://ntfy.example.org/alerts ', webhookFormat: 'ntfy', desktop: true }), {
      webhookUrl: 'https://ntfy.example.org/alerts',
      webhookFormat: 'ntfy',
      desktop: true,
    });
  });

  it('refuses what is not an http(s) URL without repeating it', () => {
    const r = NotifySettingsSchema.safeParse({ webhookUrl: 'hooks.slack.com/services/T0/B0/SECRET123' });
    assert.equal(r.success, false);
    const text = JSON.stringify(r.error?.issues);
    assert.match(text, /must be an http:\/\/ or https:\/\/ URL/);
    assert.ok(!text.includes('SECRET123'), text);
    assert.equal(NotifySettingsSchema.safeParse({ webhookFormat: 'teams' }).success, false);
  });
});
