/**
 * The size bound of `vmx import`, apart from the importers so that the
 * editor's client can check a file's size before reading it without
 * bundling them.
 */

/** Inputs larger than this are refused before parsing (a 50 MB manifest is a mistake, not a topology). */
export const MAX_IMPORT_BYTES = 32 * 1024 * 1024;
