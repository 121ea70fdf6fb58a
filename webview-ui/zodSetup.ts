// Imported first by main.ts, before any schema is built: zod would otherwise probe `new Function` while
// constructing object schemas (its JIT), which the webview's CSP forbids and reports as a
// securitypolicyviolation. jitless parsing is plenty fast for our messages.
import * as z from 'zod';

z.config({ jitless: true });
