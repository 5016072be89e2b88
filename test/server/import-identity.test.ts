/**
 * The language server over stdio (dist/server.js) loads an imported file
 * once however it is spelled (issue 15, item 2): `big.vmx?1` … `?100` name
 * no file, `.//big.vmx`, `a/../big.vmx` and a symlink are big.vmx itself;
 * an imported key is never parsed or quoted.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TestServer } from './client';

const dir = mkdtempSync(join(tmpdir(), 'vmx-server-imports-'));
let server: TestServer;

before(async () => {
  server = new TestServer();
  await server.initialize();
});
after(async () => {
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Diagnostics of a root opened in the server, within a generous bound (a blow-up or a hang fails it). */
async function openRoot(name: string, text: string) {
  const uri = pathToFileURL(join(dir, name)).href;
  writeFileSync(join(dir, name), text);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no diagnostics for ${name} within 30 s`)), 30_000)));
  try {
    return (await Promise.race([server.open(uri, text), timeout])).diagnostics;
  } finally {
    clearTimeout(timer);
  }
}

test('imports spelled as URLs name no file; every path spelling of one file is that file, loaded once', async () => {
  writeFileSync(join(dir, 'big.vmx'), 'topology big {\n  host big-h { memory = 1GiB; cpu { cores = 1 } }\n}\n' + `# ${'x'.repeat(70)}\n`.repeat(2000));
  mkdirSync(join(dir, 'a'));
  symlinkSync(join(dir, 'big.vmx'), join(dir, 'big-link.vmx'));
  const urlish = Array.from({ length: 100 }, (_, i) => `import "big.vmx?${i + 1}"\n`).join('');
  const paths = ['big.vmx', './/big.vmx', './a/../big.vmx', 'big-link.vmx'].map((p) => `import "${p}"\n`).join('');
  const ds = await openRoot('root.vmx', urlish + paths + 'topology root { }\n');
  const notFound = ds.filter((d) => d.code === 'VMX109' && /import not found: "big\.vmx\?\d+"/.test(d.message));
  assert.equal(notFound.length, 100);
  assert.deepEqual(ds.filter((d) => d.code !== 'VMX109').map((d) => `${d.code} ${d.message}`), [], 'no duplicate host: big.vmx is loaded once');
});

test('an imported file that is not a topology is one VMX109 and is not quoted', async () => {
  const key = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n';
  writeFileSync(join(dir, 'id_ed25519'), key);
  const ds = await openRoot('keyed.vmx', 'import "id_ed25519"\ntopology k { }\n');
  assert.equal(ds.length, 1, JSON.stringify(ds));
  assert.match(ds[0].message, /does not look like a topology file/);
  assert.ok(!JSON.stringify(ds).includes('b3BlbnNz'));
});
