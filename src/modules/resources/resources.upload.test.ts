import { describe, expect, it } from 'vitest';
import { checkUpload, contentDisposition, sanitizeFilename, UploadedFile } from './resources.upload.js';

const ZIP = Buffer.from('PK\x03\x04rest-of-archive', 'latin1');

describe('sanitizeFilename', () => {
  it('keeps a readable name without folders, control or reserved characters', () => {
    expect(sanitizeFilename('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFilename('C:\\Users\\me\\Plan.docx')).toBe('Plan.docx');
    expect(sanitizeFilename('bad\u0000\r\nname?<>.pdf')).toBe('badname.pdf');
    expect(sanitizeFilename('...hidden.txt')).toBe('hidden.txt');
    expect(sanitizeFilename('Résumé  final.pdf')).toBe('Résumé final.pdf');
  });

  it('never cuts a character in two, and decodes what browsers percent-encode', () => {
    const name = sanitizeFilename(`x${'😀'.repeat(250)}.pdf`);
    expect(Array.from(name)).toHaveLength(200);
    expect(name.endsWith('😀.pdf')).toBe(true);
    expect(() => contentDisposition(name)).not.toThrow();
    expect(sanitizeFilename('Rapport été %22final%22.pdf')).toBe('Rapport été final.pdf');
  });

  it('shortens a long name but keeps its extension', () => {
    const name = sanitizeFilename(`${'a'.repeat(300)}.xlsx`);
    expect(name).toHaveLength(200);
    expect(name.endsWith('.xlsx')).toBe(true);
  });
});

describe('checkUpload', () => {
  const check = (name: string, type: string, data: Buffer) =>
    checkUpload(new UploadedFile(name, type, data, false));

  it('accepts each allowed type, served as its own content type', () => {
    const docx = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
    expect(check('plan.docx', docx, ZIP)).toMatchObject({ contentType: docx, size: ZIP.length });
    expect(check('list.CSV', 'application/vnd.ms-excel', Buffer.from('a,b\n1,2\n'))).toMatchObject({
      filename: 'list.CSV',
      contentType: 'text/csv',
    });
    expect(check('photo.jpg', 'image/jpeg', Buffer.from('ffd8ffe000104a46', 'hex'))).toMatchObject({
      contentType: 'image/jpeg',
    });
    expect(check('notes.txt', 'text/plain; charset=utf-8', Buffer.from('hello'))).toMatchObject({
      contentType: 'text/plain',
    });
  });

  it('refuses other types, mismatched declarations and content, and empty or truncated files', () => {
    expect(check('page.html', 'text/html', Buffer.from('<p>'))).toMatch(/^Choose a PDF/);
    expect(check('noextension', 'application/pdf', Buffer.from('%PDF-1'))).toMatch(/^Choose a PDF/);
    expect(check('slides.pptx', 'application/pdf', ZIP)).toMatch(/^Choose a PDF/);
    expect(check('binary.txt', 'text/plain', Buffer.from([104, 0, 105]))).toMatch(/not a \.txt file/);
    expect(check('empty.pdf', 'application/pdf', Buffer.alloc(0))).toBe('The chosen file is empty.');
    expect(checkUpload(new UploadedFile('big.pdf', 'application/pdf', Buffer.from('%PDF-'), true))).toBe(
      'Choose a file smaller than 10 MB.',
    );
  });
});

describe('contentDisposition', () => {
  it('gives an ASCII fallback and the UTF-8 name', () => {
    expect(contentDisposition('Plan "final" 100%.pdf')).toBe(
      `attachment; filename="Plan _final_ 100_.pdf"; filename*=UTF-8''Plan%20%22final%22%20100%25.pdf`,
    );
    expect(contentDisposition('naïve (1).txt')).toBe(
      `attachment; filename="na_ve (1).txt"; filename*=UTF-8''na%C3%AFve%20%281%29.txt`,
    );
  });
});
