/**
 * What the incremental tests type: a generated topology as people write
 * them, and random edits as an editor sends them (test/incremental/
 * workspace.test.ts on the server's Workspace, server-stdio.test.ts on the
 * real server over stdio).
 */
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * A topology of `hosts` hosts as people write them: a KVM host with a
 * pinned VM, a container that wants 2 CPUs under a 500m cap (so the
 * simulation finds throttling, VMX402), comments, strings, a list.
 */
export function topology(hosts: number): string {
  const host = (i: number): string =>
    [
      `  host node-${i} {`,
      `    memory = 64GiB`,
      `    cpu { sockets = 1; cores = 8; threads = 2; features = [vmx, ept] }`,
      `    os linux { kernel = "6.8"; cgroup = v2 }`,
      `    hypervisor kvm {`,
      `      vm vm-${i} {`,
      `        vcpus = 2`,
      `        memory = 4GiB`,
      `        pin = 0..1`,
      `        workload { cpu = burst(base = 1, peak = 2, period = 10s, duty = 20%) }`,
      `      }`,
      `    }`,
      `    # the API, capped`,
      `    container api-${i} {`,
      `      image = "registry.local/api:${i}"`,
      `      cgroup { cpu.max = 500m; memory.max = 1GiB }`,
      `      workload { cpu = 2; memory = 256MiB }`,
      `    }`,
      `  }`,
    ].join('\n');
  const body = Array.from({ length: hosts }, (_, i) => host(i)).join('\n  // next host\n');
  return `/* generated */\ntopology lab {\n  simulate { duration = 2s }\n${body}\n}\n`;
}

/** What a person types: characters and lines that keep the file parsing, and those that break braces, strings and comments. */
export const KEEPS = [' ', '\n', 'a', '7', 'GiB', ';', 'cpu = 2\n', '    memory = 2GiB\n', 'host extra { memory = 1GiB }\n', ''];
export const BREAKS = ['{', '}', '=', '"', '#', '/*', '*/', '..', '[', ']', '(', 'container x {\n', '}\n'];

/** `at` in ten-thousandths of the text, unbiased: spread over the whole file (biased, most edits would land on its first line, outside every block). */
export const edit = fc.record({
  at: fc.noBias(fc.integer({ min: 0, max: 10_000 })),
  // Mostly typing and small deletions (a broken tree is parsed whole until it is valid again, so breaking edits end the incremental part of a run).
  del: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat(4), weight: 2 }, { arbitrary: fc.nat(60), weight: 1 }),
  piece: fc.oneof({ arbitrary: fc.constantFrom(...KEEPS), weight: 5 }, { arbitrary: fc.constantFrom(...BREAKS), weight: 1 }),
});
/** One didChange: one or more changes, applied one after another; `ask`: whether a feature asks for the tree after it. */
export const notification = fc.record({ changes: fc.array(edit, { minLength: 1, maxLength: 3 }), ask: fc.boolean() });

/** The LSP change for `e` on the text of `shadow`, and the shadow moved on. */
export function change(shadow: TextDocument, e: { at: number; del: number; piece: string }) {
  const text = shadow.getText();
  const at = Math.floor((e.at / 10_000) * text.length);
  // A whole line goes in at a line's start, as an editor's paste or a typed line does.
  const start = e.piece.endsWith('\n') && e.piece.length > 1 ? text.lastIndexOf('\n', at - 1) + 1 : at;
  const end = Math.min(text.length, start + e.del);
  return { range: { start: shadow.positionAt(start), end: shadow.positionAt(end) }, text: e.piece };
}

