// ESLint: typed rules everywhere (no floating promises), and workflow code kept free of I/O and Node built-ins.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((name) => `node:${name}`)];
const ioPackages = ['mongodb', 'shippo', 'nodemailer', 'smtp-server', 'fastify', 'pino', 'prom-client', 'zod', 'csv-parse', 'mailparser', 'playwright-core', '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'dist/**', 'coverage/**', 'test-artifacts/**', 'bin/**', 'scripts/bootstrap.js', '*.config.js', '*.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...nodeBuiltins, ...ioPackages].map((name) => ({ name, message: 'workflow code must be deterministic: no Node built-ins or I/O packages' })),
          patterns: [{ group: ['../activities/*', '!../activities/contract'], message: 'workflows import activity types only (activities/contract)' }],
        },
      ],
    },
  },
);
