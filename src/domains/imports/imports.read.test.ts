import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanRow, fixUrl, kindsOf, normalisePivot } from './imports.clean.ts';
import { suggestMapping } from './imports.mapping.ts';
import { planImport } from './imports.plan.ts';
import { ImportFileError, readTable, sniffSeparator } from './imports.read.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const refusal = (bytes: Uint8Array, fileName = 'lieux.csv') => {
  try {
    readTable(bytes, { fileName });
  } catch (err) {
    if (err instanceof ImportFileError) {
      return err.key;
    }
    throw err;
  }
  return null;
};

describe('reading a file people bring', () => {
  it('sniffs the separator from the header line, not from French decimals', () => {
    expect(sniffSeparator('nom;lat;lon\nLab;45,76;4,83\n')).toBe(';');
    expect(sniffSeparator('nom,ville\n"Lab; le retour",Lyon\n')).toBe(',');
    expect(sniffSeparator('nom\tville\tcp\n')).toBe('\t');
    const t = readTable(utf8('nom;latitude;longitude\r\nLe Lab;45,764;4,8357\r\n'));
    expect(t.separator).toBe(';');
    expect(t.rows[0]?.cells).toEqual(['Le Lab', '45,764', '4,8357']);
  });

  it('reads UTF-8 with its mark, Windows-1252, and a file mixing both line by line', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('nom,ville\nMédiathèque,Sète\n')]);
    expect(readTable(bom).rows[0]?.cells).toEqual(['Médiathèque', 'Sète']);
    const cp1252 = new Uint8Array([...utf8('nom,ville\nM'), 0xe9, ...utf8('diath'), 0xe8, ...utf8('que,S'), 0xe8, ...utf8('te\n')]);
    const t = readTable(cp1252);
    expect(t.encoding).toBe('windows-1252');
    expect(t.rows[0]?.cells).toEqual(['Médiathèque', 'Sète']);
    const mixed = new Uint8Array([...utf8('nom,ville\nÉcole,Sète\nM'), 0xe9, ...utf8('diath'), 0xe8, ...utf8('que,Agde\n')]);
    const m = readTable(mixed);
    expect(m.encoding).toBe('utf-8');
    expect(m.windows1252Lines).toBe(1);
    expect(m.rows.map((r) => r.cells[0])).toEqual(['École', 'Médiathèque']);
    expect(refusal(cp1252)).toBeNull();
    expect(() => readTable(cp1252, { encoding: 'utf-8' })).toThrow(ImportFileError);
  });

  it('keeps quoted cells on several lines together, and says on which line a row starts', () => {
    const t = readTable(utf8('nom,adresse\n"Le Lab\nde la gare",12 rue X\nAutre,"3 place Y\n69001 Lyon"\n'));
    expect(t.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, 'Le Lab\nde la gare'],
      [4, 'Autre'],
    ]);
  });

  it('tells a header row from a first row of data', () => {
    expect(readTable(utf8('nom,cp,ville\nLab,69001,Lyon\n')).header).toBe(true);
    expect(readTable(utf8('Lab,12 rue X,69001,Lyon,www.lab.fr\n')).header).toBe(false);
    expect(readTable(utf8('Lab,Lyon\n'), { header: 'no' }).rows).toHaveLength(1);
  });

  it('refuses what is not a table of places, each with its own message', () => {
    expect(refusal(new Uint8Array(0))).toBe('imports.file.empty');
    expect(refusal(utf8(' \n\n'))).toBe('imports.file.empty');
    expect(refusal(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]))).toBe('imports.file.binary');
    expect(refusal(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0]), 'lieux.xlsx')).toBe('imports.file.spreadsheet');
    expect(refusal(new Uint8Array(200 * 1024 * 1024))).toBe('imports.file.tooBig');
    expect(refusal(utf8(`${Array.from({ length: 10_000 }, (_, i) => `c${i}`).join(',')}\n`))).toBe('imports.file.tooManyColumns');
    expect(refusal(utf8('{"type":"Feature","geometry":null}'), 'lieux.geojson')).toBe('imports.file.geojsonNotCollection');
    expect(refusal(utf8('{"type":"FeatureCollection","features":'), 'lieux.geojson')).toBe('imports.file.geojsonBroken');
    expect(refusal(utf8('[1,2,3]'), 'lieux.json')).toBe('imports.file.jsonNotObjects');
    expect(refusal(utf8('nom,ville\n"Lab,Lyon\n'))).toBe('imports.file.csvBroken');
    expect(refusal(utf8('nom,ville\n'))).toBe('imports.file.headerOnly');
    expect(refusal(utf8('false'), 'lieux.json')).toBe('imports.file.jsonNotList');
  });
});

describe('cleaning a row before anyone decides', () => {
  const mapping = { name: 0, address: 1, postcode: 2, commune: 3, latitude: 4, longitude: 5, website: 6 };
  const clean = (cells: string[]) => cleanRow({ line: 2, cells }, mapping, { defaultKind: 'fablab' });

  it('rejects a row holding a NUL byte, and says so', () => {
    const r = clean(['Lab\u0000', '', '69001', 'Lyon', '', '', '']);
    expect(r.status).toBe('rejected');
    expect(r.rejection?.key).toBe('imports.reject.nul');
  });

  it('takes the sign off a formula cell, and HTML out of any cell', () => {
    const r = clean(['=HYPERLINK("http://x.example","Clic")', '<b>12</b> rue <script>alert(1)</script>X', '69001', 'Lyon', '', '', '']);
    expect(r.draft?.name).toBe('HYPERLINK("http://x.example","Clic")');
    expect(r.draft?.address).toBe('12 rue X');
    expect(r.fixes.map((f) => f.key)).toEqual(expect.arrayContaining(['imports.fix.formula', 'imports.fix.htmlRemoved']));
  });

  it('reads degrees-minutes-seconds, ignores "TBD", and swaps axes typed the wrong way round', () => {
    const dms = clean(['Lab', '', '59000', 'Lille', '50°37\'47.6"N', '3°3\'26.3"E', '']);
    expect(dms.draft).toMatchObject({ latitude: 50.629889, longitude: 3.057306 });
    const tbd = clean(['Lab', '', '59000', 'Lille', 'TBD', 'TBD', '']);
    expect(tbd.draft?.latitude).toBeUndefined();
    expect(tbd.unplaced).toBe(true);
    const swapped = clean(['Lab', '', '69001', 'Lyon', '4.8357', '45.764', '']);
    expect(swapped.draft).toMatchObject({ latitude: 45.764, longitude: 4.8357 });
    expect(swapped.fixes.map((f) => f.key)).toContain('imports.fix.swapped');
  });

  it('fixes URLs without a scheme, pivots with spaces, and reads kinds in words', () => {
    expect(fixUrl('www.lab.fr')).toBe('https://www.lab.fr');
    expect(fixUrl('facebook : mon lab')).toBeNull();
    expect(normalisePivot('123 456 789 00012')).toBe('12345678900012');
    expect(normalisePivot('W691234567')).toBe('W691234567');
    expect(normalisePivot('12345')).toBeNull();
    expect(kindsOf('Médiathèque / EPN')).toEqual(['mediatheque', 'espace-numerique']);
  });
});

describe('the importer under random and hostile files (fast-check)', () => {
  const hostileCell = fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.constantFrom(
      'undefined',
      'TBD',
      '=HYPERLINK("x")',
      '<script>alert(1)</script>',
      '"',
      '""',
      '\u0000',
      ';',
      ',',
      '\r\n',
      '9500',
      '45,76',
      'é',
    ),
  );

  it('never crashes, never half-writes a row, and always says why a row is left out', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(hostileCell, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t'),
        async (rows, sep) => {
          const text = rows.map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(sep)).join('\n');
          let table: ReturnType<typeof readTable>;
          try {
            table = readTable(utf8(text));
          } catch (err) {
            // A whole file refused is fine, provided it says why.
            expect(err).toBeInstanceOf(ImportFileError);
            expect((err as ImportFileError).key).toMatch(/^imports\.file\./);
            return;
          }
          const plan = await planImport(table, suggestMapping(table), { defaultKind: 'fablab' }, { candidates: [], links: new Map() });
          for (const row of plan.rows) {
            if (row.status === 'rejected') {
              expect(row.rejection?.key).toMatch(/^imports\.reject\./);
              expect(row.action).toBe('skip');
            } else {
              // A row that goes in is whole: a name, a kind, and a place in France.
              expect(row.draft?.name.length).toBeGreaterThanOrEqual(2);
              expect(row.draft?.kinds.length).toBeGreaterThan(0);
              expect(row.draft?.inseeCode ?? row.draft?.latitude).toBeDefined();
              const text = `${row.draft?.name}${row.draft?.address ?? ''}${row.draft?.description}`;
              expect(text).not.toMatch(/<\s*script/i);
              expect(text.includes(String.fromCharCode(0))).toBe(false);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads any JSON value without crashing: a table, or a refusal that says why', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        try {
          const t = readTable(utf8(JSON.stringify(value)), { fileName: 'x.json' });
          expect(t.rows.length).toBeGreaterThan(0);
        } catch (err) {
          expect(err).toBeInstanceOf(ImportFileError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
