/** Characters of the offending text a message quotes: enough to find it, too few to copy a secret out of a file that is not a topology. */
const QUOTED_CHARS = 24;

/** Text of the file as a message quotes it: at most QUOTED_CHARS characters, cut with '…'. */
export function excerpt(text: string): string {
  return text.length > QUOTED_CHARS ? text.slice(0, QUOTED_CHARS) + '…' : text;
}
