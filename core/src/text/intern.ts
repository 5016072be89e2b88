/**
 * One string object per distinct text (issue 13, "interned strings"). The
 * parser takes each name, unit and value out of the text as a new string
 * (a token's image), and a worker's reply arrives with a new copy of every
 * string: with a 100k-line file open the server held 22,000 copies of
 * "GiB", 10,000 of "container" and 8,000 of the file's URI — 9.5 MB of
 * 16 MB of strings were duplicates. Interning the strings a tree or a
 * result keeps leaves one of each.
 *
 * The table is bounded: past MAX_STRINGS it starts again (a long session
 * edits many labels; a string interned before is then equal, only no
 * longer the same object, which nothing relies on). Strings longer than
 * MAX_LENGTH are returned as they are: names and units are short, and a
 * long string literal must not outlive its file in the table.
 */
const table = new Map<string, string>();
const MAX_STRINGS = 100_000;
const MAX_LENGTH = 64;

export function intern(s: string): string {
  if (s.length > MAX_LENGTH) return s;
  const known = table.get(s);
  if (known !== undefined) return known;
  if (table.size >= MAX_STRINGS) table.clear();
  table.set(s, s);
  return s;
}
