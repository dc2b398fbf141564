import { z } from 'zod';
import { LIST_ORDERS, type ListCursor, type ListOrder } from './commands.ts';

// The token is opaque to clients but only base64url JSON: it holds no secret and is validated
// on the way back in, so a tampered token is INVALID_ARGUMENT rather than a SQL error.
const cursorSchema = z.object({
  o: z.enum(LIST_ORDERS),
  s: z.number().int().min(1).max(4),
  c: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/),
  i: z.uuid(),
});

export function encodeCursor(cursor: ListCursor): string {
  const wire: z.infer<typeof cursorSchema> = {
    o: cursor.order,
    s: cursor.severityRank,
    c: cursor.createdAt,
    i: cursor.caseId,
  };
  return Buffer.from(JSON.stringify(wire)).toString('base64url');
}

export type CursorParse = { ok: true; cursor: ListCursor } | { ok: false; problem: string };

export function decodeCursor(token: string, order: ListOrder): CursorParse {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, problem: 'not a page token issued by ListCases' };
  }
  const parsed = cursorSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problem: 'not a page token issued by ListCases' };
  if (parsed.data.o !== order)
    return { ok: false, problem: 'page token belongs to a different order' };
  return {
    ok: true,
    cursor: {
      order: parsed.data.o,
      severityRank: parsed.data.s,
      createdAt: parsed.data.c,
      caseId: parsed.data.i,
    },
  };
}
