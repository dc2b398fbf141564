import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeRequirement, refinementMessages } from './describe-requirement.ts';
import { readSection, replaceSection } from './readme-section.ts';
import { renderSettingsTable } from './settings-table.ts';

const list = z
  .string()
  .default('')
  .transform((value) => value.split(','));
const schema = z
  .object({
    URL: z.string().url(),
    PORT: z.coerce.number().default(8080),
    FILE: z.string().default('/srv/app/config/rules.yaml'),
    BROKERS: z
      .string()
      .transform((value) => value.split(','))
      .default(['a:1', 'b:2']),
    KINDS: list,
    TOKEN: z.string().optional(),
    TOKEN_FILE: z.string().optional(),
  })
  .refine((env) => env.TOKEN !== undefined || env.TOKEN_FILE !== undefined, {
    message: 'set TOKEN or TOKEN_FILE',
  });

describe('settings table', () => {
  it('reads required, optional and defaults (as env text) from the runtime schema', () => {
    const of = (name: keyof typeof schema.shape) =>
      describeRequirement(schema.shape[name], '/srv/app');
    expect(of('URL')).toEqual({ kind: 'required' });
    expect(of('PORT')).toEqual({ kind: 'default', value: '8080' });
    expect(of('FILE')).toEqual({ kind: 'default', value: 'config/rules.yaml' });
    expect(of('BROKERS')).toEqual({ kind: 'default', value: 'a:1,b:2' });
    expect(of('KINDS')).toEqual({ kind: 'default', value: '' });
    expect(of('TOKEN')).toEqual({ kind: 'optional' });
    expect(refinementMessages(schema)).toEqual(['set TOKEN or TOKEN_FILE']);
  });

  it('says when an optional setting is required in combination, and escapes pipes', () => {
    const table = renderSettingsTable([
      {
        name: 'TOKEN',
        requirement: { kind: 'optional' },
        rules: ['set TOKEN or TOKEN_FILE'],
        meaning: 'a | b',
      },
    ]);
    expect(table.split('\n')[2]).toBe(
      '| `TOKEN` | optional, but set TOKEN or TOKEN_FILE | a \\| b |',
    );
  });

  it('replaces only the text between the markers', () => {
    const readme = '# x\n\n<!-- settings:begin -->\nold\n<!-- settings:end -->\n\n## next\n';
    const next = replaceSection(readme, 'new');
    expect(next).toBe('# x\n\n<!-- settings:begin -->\nnew\n<!-- settings:end -->\n\n## next\n');
    expect(readSection(next)).toBe('new');
    expect(() => replaceSection('# no markers', 'x')).toThrow(/settings:begin/);
  });
});
