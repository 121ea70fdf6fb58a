// A webhook URL is a credential: whoever holds a Slack, Discord or ntfy URL can post as SpecFlow (the
// token sits in the path or the query). Logs and errors name it by its scheme and host only.

/** `https://hooks.slack.com/services/T0/B0/xyz` → `https://hooks.slack.com/…`; anything unparsable → a fixed text. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return '<webhook URL>';
    return `${u.protocol}//${u.host}/…`;
  } catch {
    return '<webhook URL>';
  }
}

// Path words of the well-known webhook URLs that say nothing about the token.
const PUBLIC_SEGMENTS = new Set(['services', 'webhooks', 'api']);

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The parts of a URL that could leak in a library's or a server's message on their own (a path, a query, a token). */
function secretParts(url: string): string[] {
  const parts = [url];
  try {
    const u = new URL(url);
    parts.push(u.href, `${u.host}${u.pathname}`, u.pathname + u.search, u.pathname, u.search, u.username, u.password);
    for (const seg of u.pathname.split('/')) if (!PUBLIC_SEGMENTS.has(seg)) parts.push(seg, safeDecode(seg));
    for (const [key, value] of u.searchParams) parts.push(`${key}=${value}`, value, encodeURIComponent(value));
    parts.push(u.hash);
  } catch {
    /* an unparsable URL can only appear whole */
  }
  // Longest first, so a part is never half-replaced by a shorter one it contains.
  return [...new Set(parts.filter((p) => p.length >= 6))].sort((a, b) => b.length - a.length);
}

/** Removes every trace of `url` from a text that came from elsewhere (fetch errors quote the URL they failed to parse). */
export function scrubUrl(text: string, url: string): string {
  let out = text;
  for (const part of secretParts(url)) out = out.split(part).join('…');
  return out;
}
