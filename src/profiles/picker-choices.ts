import { escapeForTerminal } from '../terminal-text.js';
import { formatRelative } from './expiry.js';
import type { ProfileSummary } from './summary.js';

/** One line of the profile picker: the name to return, and what the person sees (name, kind, expiry). */
export interface PickerChoice {
  value: string;
  label: string;
}

/**
 * The picker's lines, in the files' order, with the names, kinds and expiries in columns. Names come from files
 * anyone may have edited, so every cell is escaped before it reaches the terminal.
 */
export function formatPickerChoices(summaries: readonly ProfileSummary[], now: Date): PickerChoice[] {
  const rows = summaries.map((summary) => ({
    value: summary.name,
    name: escapeForTerminal(summary.name),
    kind: summary.kind,
    expiry: summary.expiration ? formatRelative(summary.expiration, now) : summary.kind === 'temporary' ? 'expiry unknown' : '',
  }));
  const nameWidth = Math.min(40, Math.max(0, ...rows.map((row) => row.name.length)));
  const kindWidth = Math.max(0, ...rows.map((row) => row.kind.length));
  return rows.map((row) => ({ value: row.value, label: `${row.name.padEnd(nameWidth)}  ${row.kind.padEnd(kindWidth)}  ${row.expiry}`.trimEnd() }));
}

/**
 * Fuzzy match as in fzf's simplest mode: the typed characters appear in the name in order, not necessarily together
 * (`pdadm` finds `prod-admin`), ignoring case. Spaces separate terms that must each match.
 */
export function matchesFuzzy(query: string, name: string): boolean {
  const haystack = name.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((term) => {
      let at = 0;
      for (const char of term) {
        at = haystack.indexOf(char, at);
        if (at === -1) return false;
        at += char.length;
      }
      return true;
    });
}
