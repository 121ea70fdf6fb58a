// The one gate every webview message passes: validated with the shared zod union, then dispatched to the
// handler for its type. Anything invalid is reported and dropped — it reaches no handler and changes
// nothing. No vscode import, so hostile-input tests run in plain Node.
import { WebviewToHostSchema, type WebviewToHost } from '../../protocol/messages';

export type Handlers = { [K in WebviewToHost['type']]: (msg: Extract<WebviewToHost, { type: K }>) => void | Promise<void> };

export interface RouteResult {
  ok: boolean;
  type?: WebviewToHost['type'];
  problem?: string;
}

export async function routeMessage(raw: unknown, handlers: Handlers, onInvalid: (problem: string) => void): Promise<RouteResult> {
  const parsed = WebviewToHostSchema.safeParse(raw);
  if (!parsed.success) {
    const type =
      typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string'
        ? String((raw as { type: string }).type).slice(0, 40)
        : typeof raw;
    const problem = `ignored an invalid webview message (${type}): ${parsed.error.issues
      .slice(0, 2)
      .map((i) => `${i.path.join('.') || '(root)'} ${i.message}`)
      .join('; ')
      .slice(0, 300)}`;
    onInvalid(problem);
    return { ok: false, problem };
  }
  const msg = parsed.data;
  const handler = handlers[msg.type] as (m: WebviewToHost) => void | Promise<void>;
  await handler(msg);
  return { ok: true, type: msg.type };
}
