import { translator } from '../../i18n/index.ts';
import { formatDate } from '../../lib/i18n.ts';
import { PDF_FONTS as FONTS } from '../../lib/pdf-fonts.ts';
import { formatHours } from '../recognition/recognition.presenter.ts';
import type { AttestationContent } from './attestations.schema.ts';

/** The PDF is in French whatever the page's language: kinds read from the French catalogue. */
const fr = translator('fr');
const kindLabel = (kind: string) => fr(`recognition.kind.${kind}`);

const day = (iso: string) => formatDate('fr', iso);
const hours = (minutes: number) => (minutes > 0 ? formatHours('fr', minutes) : '—');

export interface AttestationPdfInput {
  id: string;
  periodStart: string;
  periodEnd: string;
  createdAt: Date;
  content: AttestationContent;
  verifyUrl: string;
}

/**
 * The attestation as an A4 PDF in French, tagged for assistive technologies (PDF/UA: a title
 * shown as the window's title, language fr-FR, a structure of headings, paragraphs and lists,
 * the QR code as a figure with its alternative text, the font embedded), to hand to a school
 * principal or an employer. Its QR code and its written address lead to the verification page.
 */
export async function attestationPdf(a: AttestationPdfInput): Promise<Buffer> {
  const [{ default: PDFDocument }, QRCode] = await Promise.all([import('pdfkit'), import('qrcode')]);
  const c = a.content;
  const title = `Attestation de contributions — ${c.holder}`;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    pdfVersion: '1.7',
    tagged: true,
    lang: 'fr-FR',
    displayTitle: true,
    info: {
      Title: title,
      Author: c.network,
      Subject: `Contributions confirmées du ${day(a.periodStart)} au ${day(a.periodEnd)}`,
      Creator: 'Tisserin',
    },
  });
  doc.registerFont('Regular', FONTS.regular);
  doc.registerFont('Bold', FONTS.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    doc.on('end', () => resolve());
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const heading = (level: 'H1' | 'H2', text: string) =>
    root.add(
      doc.struct(level, {}, () => {
        doc
          .font('Bold')
          .fontSize(level === 'H1' ? 20 : 13)
          .fillColor('#5b2408')
          .text(text, { paragraphGap: 6 });
      }),
    );
  const paragraph = (text: string, opts: { size?: number; color?: string } = {}) =>
    root.add(
      doc.struct('P', {}, () => {
        doc
          .font('Regular')
          .fontSize(opts.size ?? 11)
          .fillColor(opts.color ?? '#1a1a1a')
          .text(text, { paragraphGap: 4 });
      }),
    );
  const list = (items: string[]) => {
    const l = doc.struct('L');
    root.add(l);
    for (const item of items) {
      l.add(
        doc.struct('LI', {}, [
          doc.struct('LBody', {}, () => {
            doc.font('Regular').fontSize(10.5).fillColor('#1a1a1a').text(`•  ${item}`, { indent: 8, paragraphGap: 3 });
          }),
        ]),
      );
    }
    l.end();
  };

  heading('H1', 'Attestation de contributions');
  paragraph(
    `${c.network} atteste que ${c.holder} a contribué à la vie du réseau de tiers-lieux éducatifs du ${day(a.periodStart)} au ${day(a.periodEnd)} : ` +
      (c.totals.count === 0
        ? 'aucune contribution confirmée sur cette période.'
        : `${c.totals.count} contribution${c.totals.count > 1 ? 's' : ''} confirmée${c.totals.count > 1 ? 's' : ''}` +
          (c.totals.minutes > 0 ? `, pour un total de ${hours(c.totals.minutes)}.` : '.')),
  );
  paragraph(
    'Chaque contribution a été confirmée par une autre personne que son auteur : l’équipe du lieu où elle a eu lieu, un co-auteur du projet ou un modérateur du réseau. Les contributions enregistrées par Tisserin le sont d’après une trace publique (l’historique d’un projet, un appel à compétences clos par la personne qui l’avait lancé).',
    { size: 9.5, color: '#444444' },
  );
  if (c.byKind.length > 0) {
    heading('H2', 'Heures par type de contribution');
    list(c.byKind.map((k) => `${kindLabel(k.kind)} : ${hours(k.minutes)} (${k.count} contribution${k.count > 1 ? 's' : ''})`));
  }
  if (c.byPlace.length > 0) {
    heading('H2', 'Lieux');
    list(c.byPlace.map((p) => `${p.name} : ${hours(p.minutes)} (${p.count} contribution${p.count > 1 ? 's' : ''})`));
  }
  if (c.contributions.length > 0) {
    heading('H2', 'Contributions confirmées');
    list(
      c.contributions.map((x) =>
        [
          x.endedOn ? `Du ${day(x.startedOn)} au ${day(x.endedOn)}` : `Le ${day(x.startedOn)}`,
          kindLabel(x.kind),
          x.minutes ? hours(x.minutes) : null,
          x.place,
          x.project,
          x.confirmedBy ? `confirmée par ${x.confirmedBy}` : x.recordedByTisserin ? 'enregistrée par Tisserin' : null,
        ]
          .filter(Boolean)
          .join(' · '),
      ),
    );
  }
  if (c.badges.length > 0) {
    heading('H2', 'Badges obtenus (Open Badges vérifiables)');
    list(c.badges.map((b) => `${b.name}, obtenu le ${day(b.awardedOn)} — ${b.verifyUrl}`));
  }
  heading('H2', 'Vérifier cette attestation');
  paragraph(`Le code QR ci-dessous et l’adresse suivante mènent à la page qui liste ce que cette attestation atteste : ${a.verifyUrl}`);
  const qr = QRCode.create(a.verifyUrl, { errorCorrectionLevel: 'M' });
  const cell = 3;
  const side = qr.modules.size * cell;
  if (doc.y + side + 40 > doc.page.height - doc.page.margins.bottom) {
    doc.addPage();
  }
  const x0 = doc.page.margins.left;
  const y0 = doc.y + 6;
  root.add(
    doc.struct('Figure', { alt: `Code QR menant à la page de vérification de l’attestation : ${a.verifyUrl}` }, () => {
      for (let r = 0; r < qr.modules.size; r++) {
        for (let col = 0; col < qr.modules.size; col++) {
          if (qr.modules.get(r, col)) {
            doc.rect(x0 + col * cell, y0 + r * cell, cell, cell);
          }
        }
      }
      doc.fill('#000000');
    }),
  );
  doc.y = y0 + side + 14;
  doc.x = x0;
  paragraph(`Délivrée le ${day(a.createdAt.toISOString())} par ${c.network}, avec Tisserin. Référence : ${a.id}.`, {
    size: 9,
    color: '#444444',
  });
  root.end();
  doc.end();
  await finished;
  return Buffer.concat(chunks);
}
