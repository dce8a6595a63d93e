import { describe, expect, it } from 'vitest';
import { diffLines } from './press-releases.diff.js';

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
});
