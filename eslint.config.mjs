// ESLint: typed rules everywhere (no floating promises), workflow code kept free of I/O and Node built-ins, and the
// layers of the README's diagram: each folder imports only the folders below it.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

/** The layers, bottom up (README "Layers"): a folder may import its own files and the folders listed for it. */
const layers = {
  entry: [],
  domain: [],
  storage: [],
  schemas: ['domain'],
  data: ['domain', 'storage', 'schemas'],
  carrier: ['domain', 'storage', 'schemas'],
  notifications: ['domain', 'storage', 'schemas'],
  provisioning: ['domain', 'storage', 'schemas'],
  config: ['domain', 'schemas', 'notifications'],
  observability: ['domain', 'storage', 'schemas', 'data', 'carrier', 'notifications', 'provisioning', 'config'],
  activities: ['domain', 'storage', 'schemas', 'data', 'carrier', 'notifications', 'provisioning', 'observability'],
  workflows: ['domain', 'activities'],
  client: ['domain', 'storage', 'schemas', 'data', 'carrier', 'notifications', 'provisioning', 'config', 'observability', 'activities', 'workflows'],
  worker: ['domain', 'storage', 'schemas', 'data', 'carrier', 'notifications', 'provisioning', 'config', 'observability', 'activities', 'workflows', 'client'],
};
/** Tools and tests: they may import any product code; product code never imports them. */
const tools = ['scripts', 'bench', 'sandbox', 'test'];

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
    files: ['**/*.ts'],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': [...Object.keys(layers), ...tools].map((type) => ({ type, pattern: `${type}/**`, partialMatch: false })),
      'boundaries/include': ['**/*.ts'],
      'import/resolver': { node: { extensions: ['.ts', '.js', '.json'] } },
    },
    rules: {
      'boundaries/dependencies': ['error', {
        default: 'disallow',
        message: '{{from.type}}/ may not import {{to.type}}/: layers only point down (README "Layers")',
        policies: [
          // `entry/` (what every entry point shares: UserFacingError, runMain) may be imported from anywhere.
          ...Object.entries(layers).map(([from, allowed]) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: [from, 'entry', ...allowed] } } } } })),
          ...tools.map((from) => ({ from: { element: { type: from } }, allow: { to: { element: { types: { anyOf: [...Object.keys(layers), ...tools] } } } } })),
        ],
      }],
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
