import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { Certificate } from './workshops.certificates.schemas.js';

const require = createRequire(import.meta.url);

/**
 * DejaVu rather than PDF's built-in Helvetica, whose encoding has no "ő", "Ł" or Cyrillic: people's names are
 * printed as they wrote them. DejaVu has Latin, Greek, Cyrillic, Armenian, Georgian, Hebrew and Arabic, but no
 * Chinese, Japanese or Korean: such characters come out as empty boxes (the verification page shows them).
 * Read once per process.
 */
let fonts: { regular: Buffer; bold: Buffer } | undefined;
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const INK = '#1b1b1b';
const MUTED = '#505a5f';
const ACCENT = '#1d70b8';

/**
 * One landscape page per certificate: the person, the workshop, its partner, the dates and the hours attended,
 * with the identifier and a QR code of the verification page. The document's dates are the latest issue's, so
 * the same certificates give the same bytes whenever they are downloaded.
 */
export async function certificatesPdf(
  certificates: readonly Certificate[],
  options: { programName: string; title: string },
): Promise<Buffer> {
  const codes = await Promise.all(
    certificates.map((certificate) =>
      QRCode.toBuffer(certificate.verificationUrl, { type: 'png', margin: 1, width: 240 }),
    ),
  );
  const issued = certificates
    .map((certificate) => certificate.issuedAt)
    .sort()
    .at(-1);
  const doc = new PDFDocument({
    size: 'LETTER',
    layout: 'landscape',
    margin: 0,
    autoFirstPage: false,
    info: {
      Title: options.title,
      Author: options.programName,
      Creator: options.programName,
      Subject: 'Certificate of attendance',
      ...(issued ? { CreationDate: new Date(issued) } : {}),
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const { regular, bold } = loadFonts();
  doc.registerFont('regular', regular);
  doc.registerFont('bold', bold);
  certificates.forEach((certificate, index) => {
    doc.addPage();
    drawCertificate(doc, certificate, codes[index], options.programName);
  });
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/**
 * The largest size up to `size` at which the text (in the current font) takes at most two lines, so that a long
 * name or title never runs into the identifier and the QR code at the foot of the page.
 */
function fittingSize(doc: PDFKit.PDFDocument, text: string, size: number, width: number): number {
  let fitting = size;
  while (fitting > 10 && doc.fontSize(fitting).widthOfString(text) > 2 * width * 0.95) fitting -= 1;
  return fitting;
}

function drawCertificate(
  doc: PDFKit.PDFDocument,
  certificate: Certificate,
  qrCode: Buffer | undefined,
  programName: string,
): void {
  const { width, height } = doc.page;
  const margin = 54;
  const inner = width - 2 * margin;
  doc
    .lineWidth(3)
    .strokeColor(ACCENT)
    .rect(24, 24, width - 48, height - 48)
    .stroke();
  doc
    .lineWidth(0.75)
    .rect(32, 32, width - 64, height - 64)
    .stroke();

  const centered = { width: inner, align: 'center' as const };
  doc.fillColor(MUTED).font('regular').fontSize(14).text(programName, margin, 70, centered);
  doc.fillColor(INK).font('bold').fontSize(34).text('Certificate of Attendance', margin, 100, centered);
  doc.font('regular').fontSize(14).fillColor(MUTED).text('This certifies that', margin, 165, centered);
  doc
    .fillColor(INK)
    .font('bold')
    .fontSize(fittingSize(doc, certificate.participantName, 28, inner))
    .text(certificate.participantName, margin, 190, centered);
  doc.moveDown(0.4).font('regular').fontSize(14).fillColor(MUTED).text('attended', centered);
  doc
    .moveDown(0.3)
    .font('bold')
    .fontSize(fittingSize(doc, certificate.workshopTitle, 20, inner))
    .fillColor(INK)
    .text(certificate.workshopTitle, centered);
  doc
    .moveDown(0.3)
    .font('regular')
    .fontSize(14)
    .fillColor(MUTED)
    .text(`run by ${certificate.partnerName}`, centered);
  doc.moveDown(0.3).text(`on ${certificate.dates}`, centered);
  doc
    .moveDown(0.6)
    .font('bold')
    .fontSize(18)
    .fillColor(INK)
    .text(`${certificate.hoursAttended} attended`, centered);

  const qrSize = 96;
  const bottom = height - margin - qrSize;
  if (qrCode) doc.image(qrCode, width - margin - qrSize, bottom, { width: qrSize, height: qrSize });
  const textWidth = inner - qrSize - 24;
  doc
    .font('regular')
    .fontSize(10)
    .fillColor(MUTED)
    .text(`Certificate ${certificate.id}`, margin, bottom + 40, { width: textWidth })
    .text(`Verify it at ${certificate.verificationUrl}`, { width: textWidth });
}
