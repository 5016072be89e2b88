/**
 * Messages from a webview are untrusted input: only these shapes are
 * accepted, everything else is ignored.
 */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'reveal'; id: string }
  | { type: 'rerun' }
  | { type: 'rendered' };

const MAX_ID_LENGTH = 4096;

export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'rerun':
      return { type: 'rerun' };
    case 'rendered':
      return { type: 'rendered' };
    case 'reveal':
      return typeof m.id === 'string' && m.id.length > 0 && m.id.length <= MAX_ID_LENGTH ? { type: 'reveal', id: m.id } : undefined;
    default:
      return undefined;
  }
}
