import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeNote } from './noteMerge.js';

const labels = { mine: 'Your edit', theirs: 'Saved by Ana' };

describe('merging two edits of a note', () => {
  it('takes both edits when they touch different words', () => {
    const base = 'Pipeline review.\nTalked about Acme.';
    const saved = 'Pipeline review: 3 deals stuck.\nTalked about Acme.';
    const mine = 'Pipeline review.\nTalked about Acme and the CFO meeting.';
    expect(mergeNote(base, saved, mine, labels)).toEqual({
      text: 'Pipeline review: 3 deals stuck.\nTalked about Acme and the CFO meeting.',
      conflict: false,
    });
  });

  it('keeps both texts, marked, when both changed the same words', () => {
    const merged = mergeNote(
      'Next step: call Bob.',
      'Next step: email Bob.',
      'Next step: visit Bob.',
      labels,
    );
    expect(merged.conflict).toBe(true);
    expect(merged.text).toContain('[Your edit]\nvisit');
    expect(merged.text).toContain('[Saved by Ana]\nemail');
    expect(merged.text.startsWith('Next step:')).toBe(true);
  });

  it('keeps both texts of a note both started from empty, without a blank first line', () => {
    expect(mergeNote('', 'Call on Tuesday.', 'Call on Monday.', labels)).toEqual({
      text: '[Your edit]\nCall on Monday.\n[Saved by Ana]\nCall on Tuesday.\n[end of the overlapping edits]',
      conflict: true,
    });
  });

  it('takes the saved text when this save changed nothing, and this save when the other did not', () => {
    expect(mergeNote('a b', 'a b c', 'a b', labels)).toEqual({ text: 'a b c', conflict: false });
    expect(mergeNote('a b', 'a b', 'a b d', labels)).toEqual({ text: 'a b d', conflict: false });
  });

  it('never loses a word of either side', () => {
    const word = fc.constantFrom('deal', 'call', 'Acme', 'CFO', 'next', 'week', 'price');
    const text = fc.array(word, { maxLength: 12 }).map((w) => w.join(' '));
    fc.assert(
      fc.property(text, text, text, (base, saved, mine) => {
        const merged = mergeNote(base, saved, mine, labels).text;
        const count = (s: string) => {
          const m = new Map<string, number>();
          for (const w of s.split(/\s+/).filter(Boolean)) m.set(w, (m.get(w) ?? 0) + 1);
          return m;
        };
        const out = count(merged);
        // Every word both sides added, or kept, is still there at least as often as either had it
        // beyond the base.
        for (const side of [saved, mine]) {
          const before = count(base);
          for (const [w, n] of count(side)) {
            const added = n - (before.get(w) ?? 0);
            if (added > 0) expect(out.get(w) ?? 0).toBeGreaterThanOrEqual(added);
          }
        }
      }),
    );
  });
});
