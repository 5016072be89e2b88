/**
 * The simulation worker re-analyses the files the server sends it and cannot
 * look at the disk: an import spelled differently from the name the server's
 * import graph gave the file (a symlink, say) must still find it, or the
 * worker's run would silently lack that file's hosts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultConfig } from '../../core/src/config';
import { WorkerReply } from '../../core/src/sim/protocol';
import { handle } from '../../core/src/analysis-worker';

const ROOT = 'file:///w/root.vmx';
const PART = 'file:///w/parts/real.vmx';
const files = [
  { uri: ROOT, text: 'import "link.vmx"\ntopology t {\n  host a { memory = 4GiB\n cpu { cores = 2 } }\n}\n' },
  { uri: PART, text: 'topology t {\n  host b { memory = 4GiB\n cpu { cores = 2 } }\n}\n' },
];

function run(aliases?: [string, string][]): string[] {
  let reply: WorkerReply | undefined;
  handle({ type: 'run', rootUri: ROOT, files, aliases, config: defaultConfig(), options: { duration: 1 } }, (r) => (r.type !== 'progress' ? (reply = r) : undefined));
  assert.equal(reply?.type, 'done', JSON.stringify(reply));
  return reply.type === 'done' ? reply.result.entities.map((e) => e.id).sort() : [];
}

test('an import spelled as an alias of a sent file is that file: both hosts are simulated', () => {
  assert.deepEqual(run([['file:///w/link.vmx', PART]]), ['a', 'b']);
});

test('without the alias the spelling names no sent file (what the aliases are for)', () => {
  assert.deepEqual(run(), ['a']);
});
