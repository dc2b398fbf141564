import type { DeadLetterView } from '../dead-letter-view.ts';

const PREVIEW_CHARS = 200;

/** The bytes as text when they are valid UTF-8, else as base64 (binary payloads get dead-lettered too). */
function bytesOf(bytes: Buffer | null): { text: string } | { base64: string } | null {
  if (bytes === null) return null;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  return Buffer.from(text, 'utf8').equals(bytes) ? { text } : { base64: bytes.toString('base64') };
}

/** One dead letter as a JSON-able object (`list --json`, one per line). */
export function deadLetterJson(letter: DeadLetterView): Record<string, unknown> {
  const value = bytesOf(letter.value);
  return {
    partition: letter.partition,
    offset: letter.offset,
    failedAt: letter.failedAt,
    errorCode: letter.errorCode,
    errorMessage: letter.errorMessage,
    source: {
      topic: letter.sourceTopic,
      partition: letter.sourcePartition,
      offset: letter.sourceOffset,
    },
    ...(letter.redrivenFrom === undefined ? {} : { redrivenFrom: letter.redrivenFrom }),
    key: letter.key?.toString('utf8') ?? null,
    ...(value === null
      ? { value: null }
      : 'text' in value
        ? { value: value.text }
        : { valueBase64: value.base64 }),
  };
}

/** One dead letter as two lines of text (`list`). */
export function deadLetterLine(letter: DeadLetterView): string {
  const value = bytesOf(letter.value);
  const shown =
    value === null
      ? '(no value)'
      : 'text' in value
        ? value.text.length > PREVIEW_CHARS
          ? `${value.text.slice(0, PREVIEW_CHARS)}… (${letter.value!.length} bytes)`
          : value.text
        : `(binary, ${letter.value!.length} bytes)`;
  return (
    `${letter.partition}/${letter.offset}  ${letter.failedAt}  ${letter.errorCode}  from ` +
    `${letter.sourceTopic}/${letter.sourcePartition}/${letter.sourceOffset}  key ${letter.key?.toString('utf8') ?? '(none)'}` +
    (letter.redrivenFrom === undefined
      ? ''
      : `  failed again, redriven from ${letter.redrivenFrom}`) +
    '\n' +
    `    ${letter.errorMessage}\n    ${shown}`
  );
}
