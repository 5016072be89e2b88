/** Diagnostics as the CLI's JSON (§7) and the LSP show them: 0-based ranges, per file. */
import { Range } from '../text/line-index';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface TextEdit {
  uri: string;
  range: Range;
  newText: string;
}

/** A mechanical fix, computed with the diagnostic; the LSP turns it into a code action. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix a user would pick by default (LSP isPreferred). */
  preferred?: boolean;
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  uri: string;
  range: Range;
  related?: RelatedLocation[];
  fixes?: Fix[];
}
