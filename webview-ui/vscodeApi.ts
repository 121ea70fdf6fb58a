// The one place that talks to VS Code: acquireVsCodeApi() is called once (VS Code throws on a second
// call), every outgoing message is checked against WebviewToHostSchema and every incoming one against
// HostToWebviewSchema, and getState/setState carry the UI state (uiState.ts), nothing else.
import { HostToWebviewSchema, WebviewToHostSchema, type HostToWebview, type WebviewToHost } from '../src/protocol/messages';
import { parseUiState, type UiState } from './uiState';

/** The object VS Code injects into every webview as `acquireVsCodeApi()`. */
export interface VsCodeWebviewApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState<T>(state: T): T;
}

declare global {
  // Present only inside a VS Code webview (and in the test harness, which fakes it).
  var acquireVsCodeApi: (() => VsCodeWebviewApi) | undefined;
}

/** Outside VS Code (a plain browser while developing the UI): keep state in memory, log what would be sent. */
function browserStandIn(): VsCodeWebviewApi {
  let state: unknown;
  return {
    postMessage: (message) => console.log('SpecFlow webview → host (no VS Code):', message),
    getState: () => state,
    setState: (s) => (state = s),
  };
}

export class WebviewBridge {
  private readonly api: VsCodeWebviewApi;

  constructor(api?: VsCodeWebviewApi) {
    this.api = api ?? (typeof globalThis.acquireVsCodeApi === 'function' ? globalThis.acquireVsCodeApi() : browserStandIn());
  }

  /** Sends a message if it matches the protocol; an invalid one is dropped with a warning (returns false). */
  post(message: WebviewToHost): boolean {
    const r = WebviewToHostSchema.safeParse(message);
    if (!r.success) {
      console.warn('SpecFlow: not sending a message the protocol does not allow', message, r.error.issues);
      return false;
    }
    this.api.postMessage(r.data);
    return true;
  }

  /** Calls `handler` with every valid host message; invalid ones are ignored with a warning. Returns an unsubscribe. */
  onMessage(handler: (message: HostToWebview) => void): () => void {
    const listener = (event: MessageEvent): void => {
      const r = HostToWebviewSchema.safeParse(event.data);
      if (!r.success) {
        console.warn('SpecFlow: ignoring a host message that does not match the protocol', event.data, r.error.issues);
        return;
      }
      handler(r.data);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }

  getUiState(): UiState {
    return parseUiState(this.api.getState());
  }

  setUiState(state: UiState): void {
    this.api.setState(state);
  }
}

let bridge: WebviewBridge | undefined;

/** The webview's single bridge to VS Code (acquireVsCodeApi may be called only once per page). */
export function vscodeApi(): WebviewBridge {
  bridge ??= new WebviewBridge();
  return bridge;
}
