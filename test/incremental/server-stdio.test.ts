/**
 * Incremental = full, through the real server over stdio (issue 13): random
 * edit sequences sent as didChange notifications without waiting for
 * answers, as an editor sends them while a person types. After the last
 * one, what the server says about the edited document — the diagnostics it
 * publishes for the final version and what vmx/simulate answers — equals
 * what it says about the same text opened fresh in a second document, which
 * it parses, checks and simulates from scratch. The edited document went
 * through the one-block reparse, the per-host check memo and the per-host
 * simulation cache; the fresh one through none of them.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PublishedDiagnostics, TestServer } from '../server/client';
import { params, runs } from '../fuzz/lib/settings';
import { change, notification, topology } from './typing';

let server: TestServer;
before(async () => {
  // Static diagnostics published per version; the simulation is compared through vmx/simulate.
  server = new TestServer({ simulateOnType: false });
  await server.initialize();
});
after(() => server.stop());

/**
 * A published diagnostic without its document: what must agree between the two. The simulation's
 * findings (VMX4xx) are compared through vmx/simulate: with simulation on type off, the published ones
 * are those of the document's last run (the edited one was simulated before the edits, the fresh one
 * never), by design.
 */
const shape = (p: PublishedDiagnostics) =>
  p.diagnostics.filter((d) => !String(d.code).startsWith('VMX4')).map((d) => JSON.stringify({ code: d.code, severity: d.severity, range: d.range, message: d.message })).sort();

interface Simulated {
  entities: { id: string }[];
  findings: { uri: string; code: string; range: unknown; message: string }[];
}
const simulated = (r: Simulated) => ({ ids: r.entities.map((e) => e.id), findings: r.findings.map((f) => `${f.code} ${JSON.stringify(f.range)} ${f.message}`).sort() });

test('after random edits over stdio, the diagnostics and the simulation of the edited document equal those of its text opened fresh', async () => {
  let run = 0;
  let reparsedBlocks = 0;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 3 }), fc.array(notification, { minLength: 1, maxLength: 12 }), async (hosts, notes) => {
      run++;
      const uri = `file:///stdio/edited-${run}.vmx`;
      const shadow = TextDocument.create(uri, 'vmx', 1, topology(hosts));
      await server.open(uri, shadow.getText());
      // A first simulation fills the per-host cache the edits then reuse.
      await server.request('vmx/simulate', { uri });
      let version = 1;
      for (const n of notes) {
        version++;
        const changes = n.changes.map((e) => {
          const c = change(shadow, e);
          TextDocument.update(shadow, [c], version);
          return c;
        });
        void server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: changes });
        if (n.ask) {
          // As an editor does now and then: wait for this version's diagnostics, then ask how its tree was built.
          await server.diagnostics(uri, version);
          const state = await server.request<{ parsed?: unknown }>('vmx/documentState', { uri });
          if (state.parsed !== undefined && state.parsed !== 'file') reparsedBlocks++;
        }
      }
      const edited = await server.diagnostics(uri, version);
      const freshUri = `file:///stdio/fresh-${run}.vmx`;
      const fresh = await server.open(freshUri, shadow.getText());
      assert.deepEqual(shape(edited), shape(fresh));
      const [a, b] = await Promise.all([server.request<Simulated>('vmx/simulate', { uri }), server.request<Simulated>('vmx/simulate', { uri: freshUri })]);
      assert.deepEqual(simulated(a), simulated(b));
      for (const u of [uri, freshUri]) await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri: u } });
    }),
    // The CI seed (test/fuzz/lib/settings.ts): the count of one-block reparses below is the same every run.
    { ...params(runs(60)), includeErrorInReport: true },
  );
  // The property is about the incremental path: some of the edits must have reparsed one block.
  assert.ok(reparsedBlocks >= 5, `only ${reparsedBlocks} edits were reparsed as one block`);
});
