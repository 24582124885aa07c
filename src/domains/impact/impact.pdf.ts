import { translator } from '../../i18n/index.ts';
import { PDF_FONTS } from '../../lib/pdf-fonts.ts';
import type { ComputedFigure, EnteredSeries } from './impact.service.ts';

/** The PDF is in French whatever the page's language (it goes to a French funder). */
const fr = translator('fr');
/** Text the embedded font can draw: it has no narrow or plain no-break space. */
const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');
/** French numbers with an ordinary space between thousands: the embedded font has no narrow no-break space. */
const fmt = (n: number, digits = 0) => n.toLocaleString('fr', { maximumFractionDigits: digits }).replace(/[\u202f\u00a0]/g, ' ');
const unitText = (n: number | null, unit: string) =>
  n === null
    ? '—'
    : unit === 'hours'
      ? fr('impact.hours', { value: fmt(n, 1) })
      : unit === 'average'
        ? fr('impact.outOf5', { value: fmt(n, 1) })
        : fmt(n);

export interface ReportPdfInput {
  title: string;
  subtitle: string;
  url: string;
  year: number;
  years: number[];
  entered: EnteredSeries[];
  computed: ComputedFigure[];
  labelOf: (key: string, own?: string) => string;
}

/**
 * A one-page A4 summary for a funder: the year's key figures (each marked entered or computed),
 * visitors over three years and participants by public as bar charts with their numbers written
 * beside the bars. Tagged (PDF/UA structure), French, the font embedded.
 */
export async function reportPdf(r: ReportPdfInput): Promise<Buffer> {
  const { default: PDFDocument } = await import('pdfkit');
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: r.title, Subject: r.subtitle, Creator: 'Tisserin' },
  });
  doc.registerFont('Regular', PDF_FONTS.regular);
  doc.registerFont('Bold', PDF_FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const width = doc.page.width - 96;
  const text = (tag: 'H1' | 'H2' | 'P', value: string, font: 'Regular' | 'Bold', size: number, color = '#1a1a1a', gap = 4) =>
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).fillColor(color).text(plain(value), 48, doc.y, { width, paragraphGap: gap });
      }),
    );
  text('H1', r.title, 'Bold', 18, '#5b2408');
  text('P', r.subtitle, 'Regular', 10, '#444444', 8);

  // Key figures, two columns of label : value.
  text('H2', fr('impact.keyFigures', { year: String(r.year) }), 'Bold', 12, '#5b2408');
  const key = [
    ...r.entered
      .filter((s) => !s.key.startsWith('public-') && !s.key.startsWith('age-'))
      .map(
        (s) =>
          `${r.labelOf(s.key, s.label)} : ${unitText(s.years.find((y) => y.year === r.year)?.total ?? null, s.unit)} (${fr('impact.source.entered').toLowerCase()})`,
      ),
    ...r.computed
      .filter((c) => c.total !== null && (c.kind === 'average' || c.total > 0))
      .map((c) => `${r.labelOf(c.key)} : ${unitText(c.total, c.kind)} (${fr('impact.source.computed').toLowerCase()})`),
  ];
  const list = doc.struct('L');
  root.add(list);
  for (const item of key.slice(0, 18)) {
    list.add(
      doc.struct('LI', {}, [
        doc.struct('LBody', {}, () => {
          doc
            .font('Regular')
            .fontSize(9.5)
            .fillColor('#1a1a1a')
            .text(plain(`•  ${item}`), 56, doc.y, { width: width - 8, paragraphGap: 1 });
        }),
      ]),
    );
  }
  list.end();
  doc.moveDown(0.6);

  const bars = (title: string, rows: Array<{ label: string; value: number }>) => {
    if (rows.every((x) => x.value === 0)) {
      return;
    }
    text('H2', title, 'Bold', 12, '#5b2408');
    const max = Math.max(1, ...rows.map((x) => x.value));
    const alt = `${title} : ${rows.map((x) => `${x.label} ${fmt(x.value)}`).join(', ')}`;
    root.add(
      doc.struct('Figure', { alt }, () => {
        const top = doc.y + 2;
        rows.forEach((x, i) => {
          const y = top + i * 16;
          doc
            .font('Regular')
            .fontSize(9)
            .fillColor('#1a1a1a')
            .text(plain(x.label), 48, y + 2, { width: 150, lineBreak: false, ellipsis: true });
          const w = Math.max(x.value > 0 ? 1 : 0, (x.value / max) * (width - 220));
          doc.rect(204, y + 1, w, 11).fill('#1f5f8b');
          doc
            .font('Bold')
            .fontSize(9)
            .fillColor('#1a1a1a')
            .text(fmt(x.value), 210 + w, y + 2, { lineBreak: false });
        });
        doc.y = top + rows.length * 16 + 8;
        doc.x = 48;
      }),
    );
  };
  const visitors = r.entered.find((s) => s.key === 'visiteurs');
  if (visitors) {
    bars(
      fr('impact.chart.visitorsYears'),
      visitors.years.map((y) => ({ label: String(y.year), value: y.total ?? 0 })),
    );
  }
  const band = (prefix: string) =>
    r.entered
      .filter((s) => s.key.startsWith(prefix))
      .map((s) => ({ label: r.labelOf(s.key, s.label), value: s.years.find((y) => y.year === r.year)?.total ?? 0 }));
  bars(fr('impact.chart.publics', { year: String(r.year) }), band('public-'));
  bars(fr('impact.chart.ages', { year: String(r.year) }), band('age-'));
  text('P', fr('impact.pdf.footer', { url: r.url }), 'Regular', 8.5, '#444444');
  root.end();
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
