// Lint rules, including the layering rule of STYLE.md:
// api → analysis, data; cli → analysis, data (an edge like api/, never api/);
// data → analysis (types only, plus a few pure modules); viz → analysis (types only, and the one palette), api/contract.ts (types only);
// analysis imports no other folder of ours and no I/O; bench/ may import any of them, and nothing imports bench/
// (only its own tests in test/bench and the load tests that drive the bench's service).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const NODE_IO = [
  'fs',
  'node:fs',
  'fs/promises',
  'node:fs/promises',
  'child_process',
  'node:child_process',
  'http',
  'node:http',
  'net',
  'node:net',
  'express',
  'neo4j-driver',
  'pino',
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'viz/dist/**',
      'bench/results/**',
      'data/generated/**',
      'neo4j/**',
      'coverage/**',
      'test-output/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },
  {
    files: ['analysis/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_IO.map((name) => ({
            name,
            message: 'analysis/ is pure: no I/O, no Express, no Neo4j.',
          })),
          patterns: [
            {
              group: ['**/api/**', '**/data/**', '**/viz/**', '**/bench/**', '**/scripts/**'],
              message: 'analysis/ imports no other folder of ours.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'analysis/ never reads the environment.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'Pass a seeded rng (analysis/rng.ts).' },
        {
          object: 'Date',
          property: 'now',
          message: 'analysis/ never reads the clock: take the date as an option.',
        },
      ],
    },
  },
  {
    files: ['data/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/viz/**', '**/cli/**', '**/bench/**'],
              message: 'data/ may not import api/, cli/, viz/ or bench/.',
            },
            {
              group: [
                '**/analysis/**',
                '!**/analysis/domain.ts',
                '!**/analysis/engine-policy.ts',
                '!**/analysis/domain',
                '!**/analysis/errors.ts',
                '!**/analysis/build-graph.ts',
                '!**/analysis/graph-records.ts',
                '!**/analysis/record-schema.ts',
                '!**/analysis/rng.ts',
              ],
              allowTypeImports: true,
              message:
                'data/ imports analysis/ types only (plus domain, errors, rng, the engine policy, the record schema and the graph builder).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['compute/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/cli/**', '**/viz/**', '**/bench/**'],
              message:
                'compute/ runs the analysis in worker threads and child processes for api/ and cli/ alike: it imports analysis/ and data/, never api/, cli/, viz/ or bench/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['cli/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/api/**', '**/viz/**', '**/bench/**'],
              message:
                'cli/ is an edge like api/: it imports analysis/ and data/, not api/, viz/ or bench/ (shared logic goes to analysis/ or data/).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['api/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/cli/**', '**/viz/**', '**/bench/**'],
              message: 'api/ imports analysis/ and data/, not cli/, viz/ or bench/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.ts', 'scripts/**/*.mjs', 'bin/**/*.js'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/bench/**'], message: 'nothing imports bench/: it measures, it is not a library.' },
          ],
        },
      ],
    },
  },
  {
    files: ['viz/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '(^|/)(api/(?!contract\\.ts$)|data/|bench/)',
              message: 'viz/ is a client of the API.',
            },
            {
              group: ['**/api/contract.ts'],
              allowTypeImports: true,
              message: 'viz/ imports the API contract types only.',
            },
            {
              // The palette is pure data shared with the exports: the one runtime import viz takes.
              regex: '(^|/)analysis/(?!export/palette\\.ts$)',
              allowTypeImports: true,
              message: 'viz/ imports analysis/ types only.',
            },
          ],
        },
      ],
    },
  },
);
