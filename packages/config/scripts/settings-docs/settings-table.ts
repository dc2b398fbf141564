import type { Requirement } from './describe-requirement.ts';

export interface SettingRow {
  name: string;
  requirement: Requirement;
  /** Cross-setting rules (refinements) that mention this setting. */
  rules: string[];
  meaning: string;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function requirementText(row: SettingRow): string {
  const { requirement } = row;
  const base =
    requirement.kind === 'required'
      ? '**required**'
      : requirement.kind === 'optional'
        ? 'optional'
        : requirement.value === ''
          ? 'default: empty'
          : `default \`${requirement.value}\``;
  // Optional on its own but required together with another setting: say which rule applies.
  return row.rules.length === 0 ? base : `${base}, but ${row.rules.join('; ')}`;
}

/** The markdown table of a service's settings, in schema order. */
export function renderSettingsTable(rows: readonly SettingRow[]): string {
  const lines = ['| Setting | Required / default | Meaning |', '| --- | --- | --- |'];
  for (const row of rows) {
    lines.push(`| \`${row.name}\` | ${cell(requirementText(row))} | ${cell(row.meaning)} |`);
  }
  return lines.join('\n');
}
