import { PDF_FONTS } from '../../lib/pdf-fonts.ts';

/**
 * The poster a place prints and pins at its door: the place's name, what is asked, a QR code
 * and the address written out (for those who cannot scan), on an A4 page. In French: it is
 * read on the wall of a French place, whatever the team's language on the site.
 */
export interface PosterInput {
  placeName: string;
  title: string;
  url: string;
}

const CALL = 'Donnez-nous votre avis';
const PROMISE = 'Une minute, sans compte, anonyme : ni nom, ni adresse ne sont demandés.';
const SCAN = 'Scannez le code avec l’appareil photo de votre téléphone, ou tapez l’adresse :';

async function qrModules(url: string) {
  const QRCode = await import('qrcode');
  const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
  return { size: qr.modules.size, dark: (r: number, c: number) => !!qr.modules.get(r, c) };
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Words cut into lines of at most `max` characters (SVG text does not wrap by itself). */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) {
    lines.push(line);
  }
  return lines;
}

/** The poster as SVG, in millimetres on an A4 page; the QR code as one path of squares. */
export async function posterSvg(p: PosterInput): Promise<string> {
  const qr = await qrModules(p.url);
  const side = 110;
  const cell = side / qr.size;
  const x0 = (210 - side) / 2;
  const y0 = 122;
  let path = '';
  for (let r = 0; r < qr.size; r++) {
    for (let c = 0; c < qr.size; c++) {
      if (qr.dark(r, c)) {
        path += `M${(x0 + c * cell).toFixed(3)} ${(y0 + r * cell).toFixed(3)}h${cell.toFixed(3)}v${cell.toFixed(3)}h-${cell.toFixed(3)}z`;
      }
    }
  }
  const lines = (text: string, max: number, y: number, size: number, weight = 'normal', gap = 1.3) =>
    wrap(text, max)
      .map(
        (l, i) =>
          `<text x="105" y="${(y + i * size * gap).toFixed(1)}" font-size="${size}" font-weight="${weight}" text-anchor="middle">${escapeXml(l)}</text>`,
      )
      .join('');
  const title = `${CALL} — ${p.placeName}`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" viewBox="0 0 210 297" role="img" aria-labelledby="titre desc" lang="fr">
<title id="titre">${escapeXml(title)}</title>
<desc id="desc">${escapeXml(`${p.title}. ${SCAN} ${p.url}`)}</desc>
<rect width="210" height="297" fill="#fffaf5"/>
<rect x="0" y="0" width="210" height="14" fill="#8a3b12"/>
<g font-family="Atkinson Hyperlegible, Arial, Helvetica, sans-serif" fill="#1a1a1a">
${lines(p.placeName, 34, 36, 10, 'bold')}
${lines(CALL, 26, 62, 14, 'bold')}
${lines(p.title, 40, 84, 8)}
${lines(PROMISE, 60, 104, 5)}
<rect x="${x0 - 6}" y="${y0 - 6}" width="${side + 12}" height="${side + 12}" fill="#ffffff"/>
<path d="${path}" fill="#000000"/>
${lines(SCAN, 60, 252, 4.5)}
<text x="105" y="270" font-size="${p.url.length > 40 ? 6 : 8}" font-weight="bold" text-anchor="middle">${escapeXml(p.url)}</text>
</g>
</svg>
`;
}

/** The same poster as an A4 PDF (tagged, in French, the font embedded), for the printer. */
export async function posterPdf(p: PosterInput): Promise<Buffer> {
  const [{ default: PDFDocument }, qr] = await Promise.all([import('pdfkit'), qrModules(p.url)]);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: { Title: `${CALL} — ${p.placeName}`, Subject: p.title, Creator: 'Tisserin' },
  });
  doc.registerFont('Regular', PDF_FONTS.regular);
  doc.registerFont('Bold', PDF_FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });
  const width = doc.page.width - 112;
  const root = doc.struct('Document');
  doc.addStructure(root);
  const block = (tag: 'H1' | 'H2' | 'P', text: string, font: 'Regular' | 'Bold', size: number, gap = 10) =>
    root.add(
      doc.struct(tag, {}, () => {
        doc.font(font).fontSize(size).fillColor('#1a1a1a').text(text, 56, doc.y, { width, align: 'center', paragraphGap: gap });
      }),
    );
  doc.rect(0, 0, doc.page.width, 40).fill('#8a3b12');
  doc.y = 90;
  block('P', p.placeName, 'Bold', 26, 18);
  block('H1', CALL, 'Bold', 36, 10);
  block('H2', p.title, 'Regular', 20, 14);
  block('P', PROMISE, 'Regular', 13, 16);
  const side = 300;
  const cell = side / qr.size;
  const x0 = (doc.page.width - side) / 2;
  const y0 = doc.y + 6;
  root.add(
    doc.struct('Figure', { alt: `Code QR menant au questionnaire : ${p.url}` }, () => {
      for (let r = 0; r < qr.size; r++) {
        for (let c = 0; c < qr.size; c++) {
          if (qr.dark(r, c)) {
            doc.rect(x0 + c * cell, y0 + r * cell, cell + 0.05, cell + 0.05);
          }
        }
      }
      doc.fill('#000000');
    }),
  );
  doc.y = y0 + side + 24;
  block('P', SCAN, 'Regular', 12, 6);
  block('P', p.url, 'Bold', p.url.length > 45 ? 14 : 18, 0);
  root.end();
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
