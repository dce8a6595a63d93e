/** One line of a comparison between two texts. */
export interface DiffLine {
  kind: 'added' | 'removed' | 'unchanged';
  text: string;
}

/**
 * A line-based diff: the longest common subsequence of lines is kept as unchanged, the rest of the old text
 * is removed and the rest of the new text added. Press releases are a few hundred lines at most, so the
 * quadratic table is small; removals are listed before additions where lines were replaced.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = splitLines(before);
  const b = splitLines(after);
  const rows = a.length + 1;
  const cols = b.length + 1;
  // lcs[i * cols + j] = length of the LCS of a[i..] and b[j..].
  const lcs = new Uint32Array(rows * cols);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i * cols + j] =
        a[i] === b[j]
          ? (lcs[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(lcs[(i + 1) * cols + j] ?? 0, lcs[i * cols + j + 1] ?? 0);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: 'unchanged', text: a[i] ?? '' });
      i++;
      j++;
    } else if ((lcs[(i + 1) * cols + j] ?? 0) >= (lcs[i * cols + j + 1] ?? 0)) {
      lines.push({ kind: 'removed', text: a[i] ?? '' });
      i++;
    } else {
      lines.push({ kind: 'added', text: b[j] ?? '' });
      j++;
    }
  }
  for (; i < a.length; i++) lines.push({ kind: 'removed', text: a[i] ?? '' });
  for (; j < b.length; j++) lines.push({ kind: 'added', text: b[j] ?? '' });
  return lines;
}

function splitLines(text: string): string[] {
  return text === '' ? [] : text.replace(/\r\n?/g, '\n').split('\n');
}
