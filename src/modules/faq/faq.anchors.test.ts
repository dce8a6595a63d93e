import { describe, expect, it } from 'vitest';
import { claimAnchor, slugify } from './faq.anchors.js';

describe('FAQ anchors', () => {
  it('are made from the whole question, accents dropped, as an import and a staff member both get them', () => {
    expect(slugify('What is the Regional Partner Program and how does it work?')).toBe(
      'what-is-the-regional-partner-program-and-how-does-it-work',
    );
    expect(slugify('Café résumé?')).toBe('cafe-resume');
    expect(slugify('???')).toBe('question');
    expect(slugify('x'.repeat(80))).toHaveLength(60);
  });

  it('are numbered past the ones taken, and never "top"', () => {
    const taken = new Set(['cost']);
    expect(claimAnchor('Cost', taken)).toBe('cost-2');
    expect(claimAnchor('Cost', taken)).toBe('cost-3');
    expect(claimAnchor('Top', taken)).toBe('top-2');
    expect(taken).toEqual(new Set(['cost', 'cost-2', 'cost-3', 'top-2']));
  });
});
