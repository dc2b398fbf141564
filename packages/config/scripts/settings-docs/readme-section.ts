export const BEGIN_MARKER = '<!-- settings:begin -->';
export const END_MARKER = '<!-- settings:end -->';

/** The text between the markers (trimmed), or undefined when the README has no such section. */
export function readSection(readme: string): string | undefined {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) return undefined;
  return readme.slice(begin + BEGIN_MARKER.length, end).trim();
}

/** The README with the text between the markers replaced; everything else stays byte for byte. */
export function replaceSection(readme: string, content: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin === -1 || end === -1 || end < begin) {
    throw new Error(`README has no ${BEGIN_MARKER} … ${END_MARKER} section`);
  }
  return `${readme.slice(0, begin + BEGIN_MARKER.length)}\n${content}\n${readme.slice(end)}`;
}
