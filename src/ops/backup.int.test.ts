import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGunzip, gzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMember, createTestContext, placeForm, TestClient, type TestContext } from '../../test/app.ts';
import { queryRows } from '../db/client.ts';
import { emptyContent } from '../domains/documents/documents.content.ts';
import { adaptDocument, createDocument } from '../domains/documents/documents.service.ts';
import { restoreBackup, writeBackup } from './backup.ts';

let source: TestContext;
let target: TestContext;
const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tisserin-backup-')), 'backup.jsonl.gz');

beforeAll(async () => {
  source = await createTestContext();
  target = await createTestContext();
});
afterAll(async () => {
  await source?.close();
  await target?.close();
});

describe('backup and restore', () => {
  it('restores every row and every uploaded file into another database', async () => {
    const mod = await createMember(source, { role: 'moderator', displayName: 'Sauvegardée' });
    const client = new TestClient(source);
    await client.signIn(mod.email);
    const created = await client.post('/lieux/nouveau', placeForm({ name: 'Lieu sauvegardé' }));
    const slug = (created.headers.get('location') ?? '').replace('/lieux/', '');
    const form = new FormData();
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    form.set('photo', new File([new Uint8Array(png)], 'p.png', { type: 'image/png' }));
    form.set('alt', 'Une photo');
    expect((await client.post(`/lieux/${slug}/photos`, form)).status).toBe(303);

    const result = await writeBackup(source.deps, file);
    expect(result.rows).toBeGreaterThan(3);
    expect(result.uploads).toBe(2); // photo and thumbnail

    const restored = await restoreBackup(target.deps, file);
    expect(restored.rows).toBe(result.rows);
    const page = await target.app.request(`/lieux/${slug}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Lieu sauvegardé');
    const img = /src="(\/uploads\/[^"]+)"/.exec(html)?.[1] ?? '';
    expect((await target.app.request(img)).status).toBe(200);
    // The restored member signs in with the same password; search works on restored rows.
    await new TestClient(target).signIn(mod.email);
    const search = (await (await target.app.request('/api/v1/places?q=sauvegarde')).json()) as { total: number };
    expect(search.total).toBe(1);
    // Sequences continue after the restored ids: new audit events can be written.
    expect((await new TestClient(target).post('/mot-de-passe-oublie', { email: mod.email })).status).toBe(200);
  });

  it('restores a project adapted from another even when the adaptation comes first in the file', async () => {
    const author = await createMember(source, { displayName: 'Autrice Sauvegardée' });
    const original = await createDocument(source.deps, author.viewer, 'project', {
      content: { ...emptyContent('project'), title: 'Herbier sauvegardé', sections: { contexte: 'Au CDI.' } },
      publish: true,
    });
    const adapted = await adaptDocument(source.deps, author.viewer, original.id, null);
    await writeBackup(source.deps, file);
    // Rows are written by id, 2,000 to a line: put the adaptation on a line of its own, before the
    // line of its original, as happens in a large network when its id sorts first.
    const lines = (await new Response(fs.createReadStream(file).pipe(createGunzip()) as unknown as ReadableStream).text())
      .split('\n')
      .filter(Boolean);
    const reordered = lines.flatMap((line) => {
      const entry = JSON.parse(line) as { table?: string; rows?: Array<{ id: string }> };
      if (entry.table !== 'documents' || !entry.rows) {
        return [line];
      }
      const first = entry.rows.filter((r) => r.id === adapted.id);
      const rest = entry.rows.filter((r) => r.id !== adapted.id);
      return [JSON.stringify({ table: 'documents', rows: first }), JSON.stringify({ table: 'documents', rows: rest })];
    });
    const shuffled = `${file}.reordered.gz`;
    fs.writeFileSync(shuffled, gzipSync(`${reordered.join('\n')}\n`));

    await restoreBackup(target.deps, shuffled);
    const page = await (await target.app.request(`/projets/${original.slug}`)).text();
    expect(page).toContain('Herbier sauvegardé');
    const [row] = await queryRows<{ from: string }>(
      target.deps.db,
      sql`select adapted_from_id as "from" from documents where id = ${adapted.id}`,
    );
    expect(row?.from).toBe(original.id);
  });

  it('carries the Open Badges signing key: the restored instance publishes the same public key', async () => {
    const didOf = async (ctx: TestContext) =>
      ((await (await ctx.app.request('/.well-known/did.json')).json()) as { verificationMethod: Array<{ publicKeyMultibase: string }> })
        .verificationMethod[0]?.publicKeyMultibase;
    const sourceKey = await didOf(source);
    expect(sourceKey).toMatch(/^z6Mk/);
    await writeBackup(source.deps, file);
    fs.rmSync(target.deps.config.issuerKeyFile, { force: true });
    await restoreBackup(target.deps, file);
    expect(fs.readFileSync(target.deps.config.issuerKeyFile, 'utf8')).toBe(fs.readFileSync(source.deps.config.issuerKeyFile, 'utf8'));
    expect(fs.statSync(target.deps.config.issuerKeyFile).mode & 0o077).toBe(0);
    expect(await didOf(target)).toBe(sourceKey);
  });

  it('refuses a file that is not a Tisserin backup and leaves the data untouched', async () => {
    const bogus = path.join(path.dirname(file), 'bogus.gz');
    const { gzipSync } = await import('node:zlib');
    fs.writeFileSync(bogus, gzipSync('{"format":"something-else"}\n'));
    await expect(restoreBackup(target.deps, bogus)).rejects.toThrow(/not a Tisserin backup/);
    expect((await target.app.request('/api/v1/places?q=sauvegarde')).status).toBe(200);
  });
});
