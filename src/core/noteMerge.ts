import { diff3Merge } from 'node-diff3';

/**
 * Merging two edits of the same meeting note. Each save names the version it edited; when someone
 * else saved in between, the two edits are merged word by word against that version (three-way,
 * node-diff3). Where both changed the same words, both texts are kept, one after the other, each
 * under a line that says whose it is — nobody's words are lost, and the note says where to tidy.
 */

export interface MergedNote {
  text: string;
  /** Both edits changed the same words: the text holds both, marked. */
  conflict: boolean;
}

/** Words and the whitespace between them, so a merge keeps line breaks and spacing as typed. */
const tokens = (text: string): string[] => text.split(/(\s+)/).filter((t) => t !== '');

/** The lines that mark the two sides of a conflict, in the note's own words. */
const conflictMarks = (mine: string, theirs: string) => ({
  mine: `[${mine}]`,
  theirs: `[${theirs}]`,
  end: '[end of the overlapping edits]',
});

/**
 * `base`: the version both edits started from; `saved`: what is stored now (someone else's save);
 * `mine`: this save. Labels name the two authors for a conflict ("Edit by Ana at 10:04 UTC", "Saved by Tom at 10:02 UTC").
 */
export function mergeNote(
  base: string,
  saved: string,
  mine: string,
  labels: { mine: string; theirs: string },
): MergedNote {
  if (saved === base || saved === mine) return { text: mine, conflict: false };
  if (mine === base) return { text: saved, conflict: false };
  const marks = conflictMarks(labels.mine, labels.theirs);
  let conflict = false;
  const out: string[] = [];
  for (const region of diff3Merge(tokens(mine), tokens(base), tokens(saved), {
    excludeFalseConflicts: true,
  })) {
    if (region.ok) {
      out.push(region.ok.join(''));
      continue;
    }
    if (!region.conflict) continue;
    conflict = true;
    out.push(
      `\n${marks.mine}\n${region.conflict.a.join('').trim()}\n${marks.theirs}\n${region.conflict.b.join('').trim()}\n${marks.end}\n`,
    );
  }
  // A conflict at the very start or end of the note opens or closes it without a blank line.
  return { text: out.join('').replace(/^\n/, '').replace(/\n$/, ''), conflict };
}
