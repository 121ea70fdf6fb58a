// Where a notification goes (a webhook, the desktop) and where the sinks say how it went.
import type { Notification } from './notification';

export interface NotifyLogger {
  info(message: string): void;
  warn(message: string): void;
}

export interface NotificationSink {
  /** How logs name it ("webhook (slack, https://hooks.slack.com/…)", "desktop"); never holds a secret. */
  readonly name: string;
  /** Must not reject: a sink reports its own trouble through the logger. */
  send(n: Notification): Promise<unknown>;
}
