import assert from 'node:assert/strict';
import { redactUrl, scrubUrl } from '../../../src/core/notify/redact';

describe('redactUrl and scrubUrl: a webhook URL is a secret', () => {
  it('keeps the scheme and host only', () => {
    assert.equal(redactUrl('https://hooks.slack.com/services/T000/B000/XXXXsecret'), 'https://hooks.slack.com/…');
    assert.equal(redactUrl('https://user:pass@example.com:8443/hook?token=abc#x'), 'https://example.com:8443/…');
    assert.equal(redactUrl('https://ntfy.sh/my-secret-topic'), 'https://ntfy.sh/…');
    assert.equal(redactUrl('not a url /with/secret'), '<webhook URL>');
    assert.equal(redactUrl('file:///etc/passwd'), '<webhook URL>');
  });

  it('removes the URL and its telling parts from a text from elsewhere', () => {
    const url = 'https://hooks.slack.com/services/T000/B000/XXXXsecret?auth=tok_987654';
    const text = `Failed to parse URL from ${url}; Cannot POST /services/T000/B000/XXXXsecret; token XXXXsecret; auth=tok_987654`;
    const out = scrubUrl(text, url);
    for (const part of ['XXXXsecret', 'tok_987654', '/services/T000']) assert.ok(!out.includes(part), `${part} in ${out}`);
    assert.match(out, /^Failed to parse URL from …;/);
    assert.equal(scrubUrl('connect ECONNREFUSED 127.0.0.1:9', url), 'connect ECONNREFUSED 127.0.0.1:9', 'other text is left alone');
    assert.equal(scrubUrl('bad: ht!tp//x y/secret-path-123', 'ht!tp//x y/secret-path-123'), 'bad: …');
  });
});
