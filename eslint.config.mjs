// The lint gate (`npm run lint`, part of `npm test`): typescript-eslint's type-checked rules over every
// TypeScript file, with the tsconfig that owns it. Formatting is Prettier's job (`prettier --check`).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test-results/**', 'demo-project/**', '**/*.js', '**/*.cjs', '**/*.mjs'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      // `as never` hides a type error instead of fixing it.
      'no-restricted-syntax': ['error', { selector: 'TSAsExpression > TSNeverKeyword', message: 'No `as never`: give the value its real type.' }],
    },
  },
  {
    // The webview is a browser bundle: it may use the host↔webview protocol, never the engine.
    files: ['webview-ui/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/core/**', '**/core/**'], message: 'The webview imports src/protocol only.' }] }],
    },
  },
  {
    // Small modules with small functions (a parser that really needs more says why in a disable comment).
    files: ['src/**/*.ts', 'webview-ui/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 350 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    // lifecycle.ts is the only code that changes a run's, a batch's or a step's status.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/engine/lifecycle.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSAsExpression > TSNeverKeyword', message: 'No `as never`: give the value its real type.' },
        {
          selector: "AssignmentExpression[left.type='MemberExpression'][left.property.name='status']",
          message: 'Statuses change only through engine/lifecycle.ts (change / reopenForResume).',
        },
      ],
    },
  },
  {
    // src/core runs without VS Code (the headless CLI, the HTTP API).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ['vscode'], patterns: [{ group: ['**/extension/**', '**/cli/**'], message: 'core depends on nothing above it.' }] },
      ],
    },
  },
);
