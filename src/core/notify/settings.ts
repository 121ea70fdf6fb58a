// The notification settings (`specflow.notify.*`, the CLI's --notify-* flags). Kept apart from
// OrchestrationConfig on purpose: the config is stored in the state file, and the webhook URL is a secret
// that must never be written there. zod's messages never quote the value, so a bad URL is not echoed.
import '../model/zodSetup';
import * as z from 'zod';
import { NOTIFY_FORMATS } from './formats';

export const NotifySettingsSchema = z.object({
  webhookUrl: z
    .string()
    .trim()
    .refine((v) => v === '' || /^https?:\/\/[^/\s]+/i.test(v), 'the notification webhook must be an http:// or https:// URL')
    .default(''),
  /** auto: picked from the URL (Slack, Discord, ntfy.sh; anything else gets SpecFlow's JSON). */
  webhookFormat: z.enum(['auto', ...NOTIFY_FORMATS]).default('auto'),
  /** Desktop notifications from the CLI, where a desktop exists. */
  desktop: z.boolean().default(false),
});
