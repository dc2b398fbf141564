import { z } from 'zod';
import { topicCatalog, type TopicName } from './topic-catalog.ts';

export type JsonSchema = Record<string, unknown>;

/**
 * JSON Schema (draft 2020-12) of every topic's value, for upstream teams that do not use zod.
 * `io: 'input'` describes what a producer may send: unknown extra fields stay allowed.
 */
export function eventJsonSchemas(): Record<TopicName, JsonSchema> {
  const entries = Object.entries(topicCatalog).map(([topic, schema]) => {
    const { $schema, ...rest } = z.toJSONSchema(schema, { io: 'input' }) as JsonSchema;
    return [topic, { $schema, title: topic, ...rest }];
  });
  return Object.fromEntries(entries) as Record<TopicName, JsonSchema>;
}

/** The committed files under packages/events/schemas/: name → exact content. */
export function renderJsonSchemaFiles(): Map<string, string> {
  return new Map(
    Object.entries(eventJsonSchemas()).map(([topic, schema]) => [
      `${topic}.schema.json`,
      `${JSON.stringify(schema, null, 2)}\n`,
    ]),
  );
}
