import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffLines, MAX_DIFF_CELLS } from './press-releases.diff.js';

describe('diffLines', () => {
  it('keeps common lines and marks the rest removed or added', () => {
    expect(diffLines('a\nb\nc', 'a\nx\nc\nd')).toEqual([
      { kind: 'unchanged', text: 'a' },
      { kind: 'removed', text: 'b' },
      { kind: 'added', text: 'x' },
      { kind: 'unchanged', text: 'c' },
      { kind: 'added', text: 'd' },
    ]);
  });

  it('treats an empty text as no lines, and CRLF as LF', () => {
    expect(diffLines('', 'one\r\ntwo')).toEqual([
      { kind: 'added', text: 'one' },
      { kind: 'added', text: 'two' },
    ]);
    expect(diffLines('same\r\n', 'same\n')).toEqual([
      { kind: 'unchanged', text: 'same' },
      { kind: 'unchanged', text: '' },
    ]);
    expect(diffLines('gone', '')).toEqual([{ kind: 'removed', text: 'gone' }]);
  });

  it('finds a longest common subsequence', () => {
    const unchanged = diffLines('a\nb\nc\nd\ne', 'b\nc\nx\ne\na')
      .filter((line) => line.kind === 'unchanged')
      .map((line) => line.text);
    expect(unchanged).toEqual(['b', 'c', 'e']);
  });

  it('rebuilds the old text from unchanged and removed lines, and the new from unchanged and added', () => {
    const text = fc
      .array(fc.constantFrom('a', 'b', 'c', '', 'd e'), { maxLength: 30 })
      .map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, text, (before, after) => {
        const lines = diffLines(before, after);
        const keep = (kind: string) =>
          lines.filter((line) => line.kind === 'unchanged' || line.kind === kind).map((line) => line.text);
        expect(keep('removed')).toEqual(before === '' ? [] : before.split('\n'));
        expect(keep('added')).toEqual(after === '' ? [] : after.split('\n'));
      }),
    );
  });

  it('compares two bodies of 25,000 lines each quickly, keeping the shared start and end', () => {
    const lines = (prefix: string) => Array.from({ length: 25_000 }, (_, i) => `${prefix} ${i}`);
    const before = ['Title', ...lines('old'), 'Contact'].join('\n');
    const after = ['Title', ...lines('new'), 'Contact'].join('\n');
    expect(25_000 * 25_000).toBeGreaterThan(MAX_DIFF_CELLS);
    const started = performance.now();
    const diff = diffLines(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(diff[0]).toEqual({ kind: 'unchanged', text: 'Title' });
    expect(diff.at(-1)).toEqual({ kind: 'unchanged', text: 'Contact' });
    expect(diff.filter((line) => line.kind === 'removed')).toHaveLength(25_000);
    expect(diff.filter((line) => line.kind === 'added')).toHaveLength(25_000);
  });
});
