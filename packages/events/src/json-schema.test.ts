import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { eventJsonSchemas, renderJsonSchemaFiles } from './json-schema.ts';
import { TOPICS } from './topic-catalog.ts';

const schemasDir = fileURLToPath(new URL('../schemas/', import.meta.url));

describe('eventJsonSchemas', () => {
  it('covers every topic with its required fields', () => {
    const schemas = eventJsonSchemas();
    expect(Object.keys(schemas).sort()).toEqual(Object.values(TOPICS).sort());
    expect(schemas[TOPICS.transactions].required).toEqual(
      expect.arrayContaining(['schemaVersion', 'eventId', 'accountId', 'amount', 'channel']),
    );
    // Producers may add fields: the published contract must not forbid them.
    expect(schemas[TOPICS.logins].additionalProperties).toBeUndefined();
  });

  it("adds the decision subject's bin and merchantId as optional fields (decisions without them stay valid)", () => {
    const { properties } = eventJsonSchemas()[TOPICS.decisions] as {
      properties: { subject: { properties: Record<string, unknown>; required?: string[] } };
    };
    expect(Object.keys(properties.subject.properties)).toEqual(
      expect.arrayContaining(['transactionId', 'bin', 'merchantId']),
    );
    expect(properties.subject.required ?? []).toEqual([]);
  });

  it('committed schemas/*.schema.json are up to date (run scripts/export-json-schema.ts)', async () => {
    const expected = renderJsonSchemaFiles();
    const onDisk = (await readdir(schemasDir))
      .filter((name) => name.endsWith('.schema.json'))
      .sort();
    expect(onDisk).toEqual([...expected.keys()].sort());
    for (const [name, content] of expected) {
      // Compared as JSON: the files are prettier-formatted, the content must match exactly.
      expect(JSON.parse(await readFile(`${schemasDir}${name}`, 'utf8')), name).toEqual(
        JSON.parse(content),
      );
    }
  });
});
