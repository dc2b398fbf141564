import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Lints tiny module graphs with the repository's own eslint.config.js, so a change to the
// resolver or import-x settings that silently turns `import-x/no-cycle` off fails here.
const CONFIG = resolve(import.meta.dirname, '../../eslint.config.js');

// Each fixture is a folder of modules written the way the repo writes them (explicit `.ts`).
const FIXTURES = {
  cycle: {
    'a.ts': "import { b } from './b.ts';\nexport const a = (): number => b + 1;\n",
    'b.ts':
      "import { a } from './a.ts';\nexport const b = 1;\nexport const twice = (): number => a() * 2;\n",
  },
  chain: {
    'a.ts': "import { b } from './b.ts';\nexport const a = (): number => b + 1;\n",
    'b.ts': "import { c } from './c.ts';\nexport const b = c * 2;\n",
    'c.ts': 'export const c = 1;\n',
  },
  // `import type` is erased at compile time (verbatimModuleSyntax), so it cannot form a runtime
  // cycle; the rule lets type-only back-references through on purpose.
  'type-only': {
    'a.ts':
      "import { b } from './b.ts';\nexport interface A {\n  b: number;\n}\nexport const a = (): A => ({ b });\n",
    'b.ts':
      "import type { A } from './a.ts';\nexport const b = 1;\nexport const isA = (value: A): boolean => value.b === b;\n",
  },
} satisfies Record<string, Record<string, string>>;

let root: string;
let eslint: ESLint;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'vigil-no-cycle-'));
  // Type-checked rules need a project: one tsconfig with the repository's module settings.
  writeFileSync(
    join(root, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        verbatimModuleSyntax: true,
        allowImportingTsExtensions: true,
        noEmit: true,
        types: [],
      },
      include: ['**/*.ts'],
    }),
  );
  for (const [name, files] of Object.entries(FIXTURES)) {
    mkdirSync(join(root, name));
    for (const [file, source] of Object.entries(files))
      writeFileSync(join(root, name, file), source);
  }
  eslint = new ESLint({ cwd: root, overrideConfigFile: CONFIG });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

/** Every message of a fixture, as `file:line rule`, so a failure shows what else went wrong. */
async function lint(fixture: keyof typeof FIXTURES): Promise<string[]> {
  const results = await eslint.lintFiles([join(root, fixture)]);
  return results
    .flatMap((result) =>
      result.messages.map(
        (message) =>
          `${result.filePath.slice(root.length + 1)}:${message.line} ${message.ruleId ?? message.message}`,
      ),
    )
    .sort();
}

describe('eslint import-x/no-cycle', () => {
  it('reports both imports of a two-module cycle', async () => {
    expect(await lint('cycle')).toEqual([
      'cycle/a.ts:1 import-x/no-cycle',
      'cycle/b.ts:1 import-x/no-cycle',
    ]);
  }, 60_000);

  it('accepts an acyclic chain', async () => {
    expect(await lint('chain')).toEqual([]);
  }, 60_000);

  it('accepts a back-reference that only imports types', async () => {
    expect(await lint('type-only')).toEqual([]);
  }, 60_000);
});
