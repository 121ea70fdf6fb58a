// Imported before any schema is used: zod's JIT compiles parsers with `new Function` (refused by the
// webview's CSP) after probing `navigator` (reported as a Node migration error by the VS Code extension
// host). The interpreter is plenty fast for SpecFlow's schemas.
import * as z from 'zod';

z.config({ jitless: true });
