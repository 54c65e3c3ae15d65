/**
 * Label PDFs of the sandbox's transactions, served at `GET /labels/<transaction id>.pdf` without a token (like
 * Shippo's label links), so the board's label buttons and the customer's reprint open a real 4×6 in PDF offline.
 * The PDF is written by hand (one page, Helvetica, a drawn stand-in barcode): no PDF library for a test double.
 */
import type http from 'node:http';
import type { Wire } from './objects';
import type { SandboxState } from './routes';

const LABEL_PATH = /^\/labels\/([0-9a-f]{32})\.pdf$/;

/** The label URL of a transaction of this sandbox. */
export function labelUrlOf(state: SandboxState, transactionId: string): string {
  return `${state.baseUrl}/labels/${transactionId}.pdf`;
}

/** Answers `GET /labels/<id>.pdf` (true when the request was a label request, answered 200 or 404). */
export function serveLabelPdf(state: SandboxState, method: string, path: string, response: http.ServerResponse): boolean {
  const match = method === 'GET' ? LABEL_PATH.exec(path) : null;
  if (!match) return false;
  const transaction = state.transactions.find((candidate) => candidate.object_id === match[1] && candidate.status !== 'ERROR');
  const rate = transaction ? state.rates.get(String(transaction.rate)) : undefined;
  const shipment = rate ? state.shipments.get(String(rate.shipment)) : undefined;
  if (!transaction || !rate || !shipment) {
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not found.' }));
    return true;
  }
  const pdf = labelPdf(transaction, rate, shipment);
  response.writeHead(200, { 'content-type': 'application/pdf', 'content-length': String(pdf.length) }).end(pdf);
  return true;
}

/** A one-page 4×6 in label: carrier and service, from/to addresses, tracking number and a stand-in barcode. */
export function labelPdf(transaction: Wire, rate: Wire, shipment: Wire): Buffer {
  const level = rate.servicelevel as { name?: string };
  const isReturn = Boolean((shipment.extra as Wire | undefined)?.is_return);
  const tracking = String(transaction.tracking_number);
  const lines = [
    text(18, 400, 20, true, `${String(rate.provider)} ${level.name ?? ''}`.trim()),
    text(18, 380, 10, false, isReturn ? 'PREPAID RETURN - SANDBOX LABEL, NOT FOR SHIPPING' : 'SANDBOX LABEL, NOT FOR SHIPPING'),
    'q 2 w 14 368 m 274 368 l S Q',
    text(18, 350, 9, true, 'FROM'),
    ...address(shipment.address_from as Wire, 28, 338, 9),
    text(18, 270, 11, true, 'SHIP TO'),
    ...address(shipment.address_to as Wire, 28, 254, 13),
    'q 2 w 14 170 m 274 170 l S Q',
    text(18, 152, 10, true, 'TRACKING #'),
    text(18, 134, 14, true, tracking.replace(/(.{4})/g, '$1 ').trim()),
    barcode(tracking, 18, 40, 252, 80),
  ];
  const content = lines.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents 6 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, index) => {
    const offset = Buffer.byteLength(body, 'latin1');
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
    return offset;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

function text(x: number, y: number, size: number, bold: boolean, value: string): string {
  const safe = value.replace(/[^\x20-\x7e]/g, '').replace(/([\\()])/g, '\\$1');
  return `BT /${bold ? 'F2' : 'F1'} ${size} Tf ${x} ${y} Td (${safe}) Tj ET`;
}

function address(wire: Wire | undefined, x: number, y: number, size: number): string[] {
  const parts = [wire?.name, wire?.company, wire?.street1, wire?.street2, `${String(wire?.city ?? '')}, ${String(wire?.state ?? '')} ${String(wire?.zip ?? '')}`, wire?.country];
  return parts.filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .map((line, index) => text(x, y - index * (size + 3), size, false, line));
}

/** Bars whose widths follow the tracking number's digits: looks like a barcode, encodes nothing. */
function barcode(value: string, x: number, y: number, width: number, height: number): string {
  const widths = [...value].map((char) => 1 + (char.charCodeAt(0) % 3));
  const unit = width / widths.reduce((sum, w) => sum + w * 2, 0);
  let at = x;
  const bars = widths.map((w) => {
    const bar = `${at.toFixed(2)} ${y} ${(w * unit).toFixed(2)} ${height} re`;
    at += w * unit * 2;
    return bar;
  });
  return `q 0 g ${bars.join(' ')} f Q`;
}
