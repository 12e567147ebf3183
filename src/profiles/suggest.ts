/** Up to three known names closest to `wanted` (edit distance, prefix matches first), for "did you mean" hints. */
export function closestNames(wanted: string, names: Iterable<string>, limit = 3): string[] {
  const lower = wanted.toLowerCase();
  const scored: [number, string][] = [];
  for (const name of names) {
    const candidate = name.toLowerCase();
    const distance = candidate.startsWith(lower) || lower.startsWith(candidate) ? 0.5 : editDistance(lower, candidate);
    if (distance <= Math.max(2, Math.floor(wanted.length / 3)) || candidate.includes(lower)) scored.push([distance, name]);
  }
  return scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1])).slice(0, limit).map(([, name]) => name);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

export function didYouMean(wanted: string, names: Iterable<string>): string | undefined {
  const close = closestNames(wanted, names);
  return close.length ? `did you mean ${close.join(', ')}?` : undefined;
}
