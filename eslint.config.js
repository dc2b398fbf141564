// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { importX } from 'eslint-plugin-import-x';

// Domain code (rules, scoring, case policy) must stay pure: no I/O clients, no node:* APIs.
const infrastructureImports = {
  patterns: [
    {
      group: ['kafkajs', 'ioredis', 'pg', 'pg-*', '@grpc/*', 'nodemailer', 'node:*', 'fs', 'net', 'http'],
      message: 'Domain code is pure: talk to infrastructure through a port implemented in an adapter.',
    },
  ],
};

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', '**/dist/**', '.local/**', 'protos/src/generated/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['packages/rules/src/**/*.ts', 'services/*/src/domain/**/*.ts', 'packages/simulator/src/domain/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', infrastructureImports] },
  },
  {
    // CLIs, scripts and tests print to the terminal on purpose.
    files: ['**/*.test.ts', '**/scripts/**/*.ts', '**/cli/**/*.ts', 'test/**/*.ts', '**/bin/**/*.ts'],
    rules: { 'no-console': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
