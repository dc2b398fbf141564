// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// Domain code (rules, scoring, case policy) must stay pure: no I/O clients, no node:* APIs.
const infrastructureImports = {
  patterns: [
    {
      group: [
        'kafkajs',
        'ioredis',
        'pg',
        'pg-*',
        '@grpc/*',
        'nodemailer',
        'node:*',
        'fs',
        'net',
        'http',
      ],
      message:
        'Domain code is pure: talk to infrastructure through a port implemented in an adapter.',
    },
  ],
};

// Use cases (app/) are held to the same list: they talk to adapters through their ports.
const useCaseImports = {
  patterns: infrastructureImports.patterns.map((pattern) => ({
    ...pattern,
    message:
      'Use cases reach infrastructure through a port in app/ports.ts, implemented in adapters/.',
  })),
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.local/**',
      'protos/src/generated/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    settings: {
      // import-x/no-cycle only follows modules with these extensions; its default (.js) skipped
      // every .ts import, so the rule never fired. The resolver follows pnpm's workspace symlinks,
      // so `@vigil/*` imports lead into packages/*/src and cycles through other packages count.
      'import-x/extensions': ['.ts'],
      // Third-party code cannot import ours back; not parsing it keeps the rule cheap.
      'import-x/ignore': ['/node_modules/'],
      'import-x/resolver-next': [
        createNodeResolver({ extensions: ['.ts', '.js', '.json', '.node'] }),
      ],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Runtime cycles only: `import type` is erased (verbatimModuleSyntax), so the rule skips it.
      // test/lint/no-cycle.test.ts proves the rule fires with this configuration.
      'import-x/no-cycle': 'error',
      'no-console': 'error',
    },
  },
  {
    files: [
      'packages/rules/src/**/*.ts',
      'services/*/src/domain/**/*.ts',
      'packages/simulator/src/domain/**/*.ts',
    ],
    rules: { 'no-restricted-imports': ['error', infrastructureImports] },
  },
  {
    // Use cases reach infrastructure only through the ports in app/ports.ts (issue 14's skeleton;
    // every service).
    files: ['services/*/src/app/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', useCaseImports] },
  },
  {
    // CLIs, scripts and tests print to the terminal on purpose.
    files: [
      '**/*.test.ts',
      '**/scripts/**/*.ts',
      '**/cli/**/*.ts',
      'test/**/*.ts',
      '**/bin/**/*.ts',
    ],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
