/**
 * vmx/import through the bundled server over stdio (what "VMX: Import
 * Configuration…" sends): a compose file becomes a topology that parses, and
 * input the importers cannot read is a RequestFailed with one line.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ResponseError } from 'vscode-jsonrpc';
import { parse } from '../../core/src/syntax/parser';
import { malformedParams } from '../robustness/lib';
import { TestServer } from './client';

interface ImportResult {
  text: string;
  notImported: number;
  formats: string[];
}

const REQUEST_FAILED = -32803;
const INVALID_PARAMS = -32602;

/** One service sharing the host's network stack, as in the compose docs' `network_mode: host` example. */
const COMPOSE = `services:
  web:
    image: nginx:1.27
    network_mode: host
`;

async function refusal(server: TestServer, params: unknown): Promise<ResponseError<unknown>> {
  try {
    await server.request('vmx/import', params);
  } catch (e) {
    assert.ok(e instanceof ResponseError, `a ResponseError (got ${String(e)})`);
    return e;
  }
  assert.fail('the request was answered, not refused');
}

describe('vmx/import through the protocol', () => {
  let server: TestServer;
  before(async () => {
    server = new TestServer({ simulateOnType: false });
    await server.initialize();
  });
  after(() => server.stop());

  it('turns a compose file into a topology with its container on the host network', async () => {
    const r = await server.request<ImportResult>('vmx/import', { files: [{ name: 'compose.yaml', text: COMPOSE }] });
    assert.deepEqual(r.formats, ['compose'], 'detected from the content');
    assert.match(r.text, /^\s*container web \{$/m, 'the service is a container named after it');
    assert.match(r.text, /image = "nginx:1\.27"/);
    // network_mode: host is the host's network namespace.
    assert.match(r.text, /namespaces \{[^}]*\bnet = host\b/s);
    assert.match(r.text, /^\s*host imported \{$/m, 'the default host name, as vmx import');
    assert.match(r.text, /compose\.yaml \(compose\)/, 'the header names the file and its format');
    assert.deepEqual(parse(r.text).errors, [], 'the text parses without syntax errors');
    assert.equal(typeof r.notImported, 'number');
  });

  it('puts several files of different formats on one host', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\nspec:\n  containers:\n    - name: app\n      image: ghcr.io/example/api:2.1\n';
    const r = await server.request<ImportResult>('vmx/import', { files: [{ name: 'compose.yaml', text: COMPOSE }, { name: 'pod.yaml', text: pod }] });
    assert.deepEqual(r.formats, ['compose', 'k8s'], 'each detected from its content, in input order');
    assert.equal(r.text.match(/^\s*host /gm)?.length, 1, 'one host');
    assert.match(r.text, /^\s*container web \{$/m);
    assert.match(r.text, /^\s*pod api \{[\s\S]*^\s*container app \{$/m, 'the Pod is a pod holding its container');
    assert.equal(r.notImported, r.text.match(/# not imported: /g)?.length ?? 0, 'notImported counts the comments in the text');
    assert.deepEqual(parse(r.text).errors, []);
  });

  it('names the host as given', async () => {
    const r = await server.request<ImportResult>('vmx/import', { files: [{ name: 'compose.yaml', text: COMPOSE }], from: 'compose', host: 'edge-1' });
    assert.match(r.text, /^\s*host edge-1 \{$/m);
    assert.match(r.text, /^topology edge-1 \{$/m);
  });

  it('answers malformed YAML with a one-line RequestFailed naming the file', async () => {
    // An unclosed flow sequence on line 3. (The line number is optional here: core's YAML reader gives it only when the library reports one.)
    const e = await refusal(server, { files: [{ name: 'broken.yaml', text: 'services:\n  web:\n    ports: [80\n' }], from: 'compose' });
    assert.equal(e.code, REQUEST_FAILED);
    assert.match(e.message, /^broken\.yaml(:\d+)?: not valid YAML: Flow sequence/);
    assert.doesNotMatch(e.message, /\n/, 'one line');
  });

  it('answers a file of no known format with a one-line RequestFailed', async () => {
    const e = await refusal(server, { files: [{ name: 'notes.txt', text: 'just some words\nnot a configuration\n' }] });
    assert.equal(e.code, REQUEST_FAILED);
    assert.equal(e.message, 'notes.txt: not a format vmx import reads (compose, k8s, oci, docker-inspect, libvirt, proxmox); name one with --from');
  });

  it('refuses binary data without handing it to an importer', async () => {
    const e = await refusal(server, { files: [{ name: 'image.png', text: '\u0089PNG\r\n\u001a\n\0\0\0\rIHDR' }] });
    assert.equal(e.code, REQUEST_FAILED);
    assert.equal(e.message, 'image.png: binary data, not a configuration file');
  });

  it('answers malformed params with InvalidParams', async () => {
    assert.equal((await refusal(server, { files: [] })).code, INVALID_PARAMS);
    assert.equal((await refusal(server, { files: [{ name: 'a.yaml' }] })).code, INVALID_PARAMS);
    const badFormat = await refusal(server, { files: [{ name: 'a.yaml', text: COMPOSE }], from: 'helm' });
    assert.equal(badFormat.code, INVALID_PARAMS);
    assert.match(badFormat.message, /^from helm: not a format; one of compose, k8s, oci, docker-inspect, libvirt, proxmox$/);
    assert.equal((await refusal(server, { files: [{ name: 'a.yaml', text: COMPOSE }], host: '  ' })).code, INVALID_PARAMS);
  });

  it('refuses a YAML alias bomb with one line instead of expanding it', async () => {
    // Billion laughs: nine levels of nine aliases would be 9^9 strings.
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const started = Date.now();
    const e = await refusal(server, { files: [{ name: 'bomb.yaml', text: `services:\n  web:\n    image: x\n${levels.join('\n')}\n` }], from: 'compose' });
    assert.equal(e.code, REQUEST_FAILED);
    assert.match(e.message, /^bomb\.yaml: refused: /);
    assert.doesNotMatch(e.message, /\n/);
    assert.ok(Date.now() - started < 5000, 'refused, not expanded');
  });

  it('answers params of every malformed shape with InvalidParams, never an internal error', async () => {
    const shapes: unknown[] = [
      ...malformedParams('file:///tmp/x.vmx'),
      { files: 'compose.yaml' },
      { files: [null] },
      { files: [{ name: 1, text: COMPOSE }] },
      { files: [{ name: 'a.yaml', text: { yaml: true } }] },
      { files: [{ name: 'a.yaml', text: COMPOSE }], from: 7 },
      { files: [{ name: 'a.yaml', text: COMPOSE }], host: 5 },
    ];
    for (const params of shapes) {
      let code: number | undefined;
      try {
        await server.request('vmx/import', params);
      } catch (e) {
        code = (e as ResponseError<unknown>).code;
      }
      assert.equal(code, INVALID_PARAMS, `params ${JSON.stringify(params)}`);
    }
  });

  it('keeps serving after the refusals', async () => {
    const uri = 'file:///tmp/vmx-import-request/after.vmx';
    const d = await server.open(uri, 'topology t {\n  host h {\n    memory = 1GiB\n    cpu { cores = 1 }\n  }\n}\n');
    assert.deepEqual(d.diagnostics.filter((x) => x.severity === 1), []);
  });
});
