/**
 * One string object per distinct text (issue 13, "interned strings"). The
 * parser takes each name, unit and value out of the text as a new string
 * (a token's image), and a worker's reply arrives with a new copy of every
 * string: with a 100k-line file open the server held 22,000 copies of
 * "GiB", 10,000 of "container" and 8,000 of the file's URI — 9.5 MB of
 * 16 MB of strings were duplicates. Interning the strings a tree or a
 * result keeps leaves one of each.
 *
 * The table is bounded: past 100,000 strings it starts again (a long session
 * edits many labels; a string interned before is then equal, only no
 * longer the same object, which nothing relies on). Strings longer than
 * MAX_LENGTH are returned as they are: names and units are short, and a
 * long string literal must not outlive its file in the table.
 */

/**
 * A string → string table that forgets everything at once when it is full:
 * a memo of a pure function of short texts (an interned string, a label's
 * TR39 skeleton), bounded without the bookkeeping of an LRU.
 */
export class StringMemo {
  private readonly table = new Map<string, string>();

  constructor(private readonly max: number) {}

  get(key: string, compute: (key: string) => string): string {
    const known = this.table.get(key);
    if (known !== undefined) return known;
    if (this.table.size >= this.max) this.table.clear();
    const value = compute(key);
    this.table.set(key, value);
    return value;
  }
}

const interned = new StringMemo(100_000);
const MAX_LENGTH = 64;
const itself = (s: string): string => s;

export function intern(s: string): string {
  return s.length > MAX_LENGTH ? s : interned.get(s, itself);
}
