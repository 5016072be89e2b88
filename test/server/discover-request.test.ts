/**
 * vmx/discover through the bundled server over stdio (what "VMX: Discover
 * This Machine" sends): a captured proc/ and sys/ tree becomes a topology
 * with the machine's exact figures; the live machine answers too; a root
 * that cannot be read is refused with one line.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc';
import { parse } from '../../core/src/syntax/parser';
import { RawClient } from '../conformance/raw-client';
import { malformedParams } from '../robustness/lib';
import { check } from '../helpers';
import { ROOT, TestServer } from './client';

interface DiscoverResult {
  text: string;
  notes: string[];
}

const TREE = join(ROOT, 'test', 'fixtures', 'discover-editor');
const REQUEST_FAILED = -32803;
const INVALID_PARAMS = -32602;
const REQUEST_CANCELLED = -32800;

async function refusal(server: TestServer, params: unknown): Promise<ResponseError<unknown>> {
  try {
    await server.request('vmx/discover', params);
  } catch (e) {
    assert.ok(e instanceof ResponseError, `a ResponseError (got ${String(e)})`);
    return e;
  }
  assert.fail('the request was answered, not refused');
}

/** The text checks without syntax or schema errors (VMX1xx), and its one host as the model reads it. */
function hostOf(text: string) {
  assert.deepEqual(parse(text).errors, [], 'no syntax error');
  const result = check(text);
  const structural = result.diagnostics.filter((d) => d.severity === 'error' && d.code < 'VMX200');
  assert.deepEqual(structural.map((d) => `${d.code} ${d.message}`), [], 'no syntax or schema error');
  assert.equal(result.model?.hosts.length, 1, 'one host');
  return result.model!.hosts[0];
}

describe('vmx/discover through the protocol', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  it('reads a captured tree: the host with its exact memory, swap, CPUs, kernel and cgroup version', async () => {
    const r = await server.request<DiscoverResult>('vmx/discover', { root: TREE });
    const host = hostOf(r.text);
    assert.equal(host.name, 'ci-node-1', 'named after proc/sys/kernel/hostname');
    // proc/meminfo: MemTotal 8029184 kB, SwapTotal 2097152 kB (kB are KiB in /proc/meminfo).
    assert.equal(host.memory, 8029184 * 1024);
    assert.equal(host.memory, 8_221_884_416);
    assert.equal(host.swap, 2 * 1024 ** 3);
    // proc/cpuinfo: 4 processors, one physical id, cpu cores 2, siblings 4 → 1 socket × 2 cores × 2 threads.
    assert.deepEqual([host.cpu.sockets, host.cpu.cores, host.cpu.threads, host.cpu.logical], [1, 2, 2, 4]);
    assert.ok(host.cpu.features.includes('vmx') && host.cpu.features.includes('ept'), `the flags vmx and ept (got ${host.cpu.features.join(', ')})`);
    assert.equal(host.os?.kernel, '6.1.0-18-amd64');
    assert.equal(host.os?.cgroup, 'v2', 'sys/fs/cgroup/cgroup.controllers is the unified hierarchy');
    assert.match(r.text, /^# discovered by vmx discover from .*discover-editor \(read-only\)$/m, 'the header names the tree');
    // What the tree lacks is said in the text, never dropped in silence.
    for (const note of r.notes) assert.ok(r.text.includes(`# ${note}`), `note "${note}" is a comment in the text`);
  });

  it('reads the live machine when no root is given', async () => {
    const r = await server.request<DiscoverResult>('vmx/discover', {});
    const host = hostOf(r.text);
    const memTotal = Number(/^MemTotal:\s+(\d+) kB$/m.exec(readFileSync('/proc/meminfo', 'utf8'))![1]) * 1024;
    assert.equal(host.memory, memTotal, 'the memory this test reads from /proc/meminfo');
    assert.match(r.text, /^# discovered by vmx discover from \/ \(read-only\)$/m);
  });

  it('answers RequestCancelled to a cancel that comes with the request, and does not read', async () => {
    // The raw client writes both in one chunk, so the cancel is there before the handler could start.
    const raw = new RawClient();
    try {
      await raw.initialize();
      const req = raw.requestMessage('vmx/discover', { root: TREE });
      raw.write(req, raw.notificationMessage('$/cancelRequest', { id: req.id }));
      const r = await raw.response(req.id);
      assert.equal(r.error?.code, REQUEST_CANCELLED, JSON.stringify(r).slice(0, 300));
      assert.equal(r.result, undefined);
      const again = await raw.call('vmx/discover', { root: TREE });
      assert.match((again.result as DiscoverResult).text, /host ci-node-1/, 'and it keeps answering');
    } finally {
      await raw.stop();
    }
  });

  it('refuses a root that is missing or not a directory with one line', async () => {
    const missing = await refusal(server, { root: join(TREE, 'no-such-tree') });
    assert.equal(missing.code, REQUEST_FAILED);
    assert.equal(missing.message, `${join(TREE, 'no-such-tree')}: no such directory`);
    const file = await refusal(server, { root: join(TREE, 'proc', 'meminfo') });
    assert.equal(file.code, REQUEST_FAILED);
    assert.equal(file.message, `${join(TREE, 'proc', 'meminfo')}: not a directory (a captured tree holds proc/ and sys/)`);
  });

  it('answers a root that is not an absolute path with InvalidParams', async () => {
    for (const root of ['test/fixtures/discover-editor', 42, '', null, ['/'], { path: '/' }]) assert.equal((await refusal(server, { root })).code, INVALID_PARAMS, `root ${JSON.stringify(root)}`);
  });

  it('answers params of every malformed shape with a result or InvalidParams, never an internal error', async () => {
    for (const params of malformedParams('file:///tmp/x.vmx')) {
      try {
        // An object without root is the live machine; anything else is refused before reading.
        const r = await server.request<DiscoverResult>('vmx/discover', params);
        assert.equal(typeof r.text, 'string', `params ${JSON.stringify(params)}`);
      } catch (e) {
        assert.equal((e as ResponseError<unknown>).code, INVALID_PARAMS, `params ${JSON.stringify(params)}`);
      }
    }
  });
});
