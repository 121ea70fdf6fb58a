// Which body a webhook gets: Slack's and Discord's incoming webhooks and ntfy each want their own JSON, and
// anything else gets SpecFlow's own JSON. Picked from the URL's host (never a substring of the whole URL:
// `https://evil.example/?hooks.slack.com` is not Slack), or named by the user. Pure.
import type { Notification } from './notification';
import { discordBody, genericBody, ntfyBody, slackBody } from './payloads';

export const NOTIFY_FORMATS = ['slack', 'discord', 'ntfy', 'json'] as const;
export type NotifyFormat = (typeof NOTIFY_FORMATS)[number];

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);

export function formatFor(url: string, explicit?: NotifyFormat): NotifyFormat {
  if (explicit) return explicit;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'json';
  }
  const host = u.hostname.toLowerCase();
  if (host === 'hooks.slack.com') return 'slack';
  if (DISCORD_HOSTS.has(host) && u.pathname.startsWith('/api/webhooks/')) return 'discord';
  if (host === 'ntfy.sh') return 'ntfy';
  return 'json';
}

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Thrown for a URL no request can be built from; its message never holds the URL. */
export class WebhookUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookUrlError';
  }
}

/**
 * ntfy is published to as JSON at the server's root with the topic in the body (`POST https://ntfy.sh/`
 * `{"topic": "mytopic", …}`), not as a plain-text POST with Title/Tags headers: header values must be
 * Latin-1, and project names and error texts are not. The topic is the URL's last path segment; whatever
 * comes before it (a self-hosted server under a path prefix) and the query (`?auth=…`) stay.
 */
export function ntfyTarget(url: string): { root: string; topic: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new WebhookUrlError('the ntfy URL is not a valid URL');
  }
  const segments = u.pathname.split('/');
  const last = segments.pop() ?? '';
  let topic: string;
  try {
    topic = decodeURIComponent(last);
  } catch {
    topic = last;
  }
  if (!topic) throw new WebhookUrlError('the ntfy URL names no topic (expected https://ntfy.sh/<topic>)');
  u.pathname = segments.join('/') + '/';
  return { root: u.toString(), topic };
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'SpecFlow' };

export function webhookRequest(format: NotifyFormat, url: string, n: Notification): WebhookRequest {
  switch (format) {
    case 'slack':
      return { url, headers: JSON_HEADERS, body: JSON.stringify(slackBody(n)) };
    case 'discord':
      return { url, headers: JSON_HEADERS, body: JSON.stringify(discordBody(n)) };
    case 'ntfy': {
      const { root, topic } = ntfyTarget(url);
      return { url: root, headers: JSON_HEADERS, body: JSON.stringify(ntfyBody(n, topic)) };
    }
    case 'json':
      return { url, headers: JSON_HEADERS, body: JSON.stringify(genericBody(n)) };
  }
}
