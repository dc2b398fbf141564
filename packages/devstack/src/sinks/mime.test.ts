import { describe, expect, it } from 'vitest';
import { decodeHeaderValue, parseMail } from './mime.ts';

describe('parseMail', () => {
  it('decodes quoted-printable UTF-8 bodies with soft line breaks and unfolds headers', () => {
    const raw = [
      'Subject: =?UTF-8?Q?=E7=A2=BA=E8=AA=8D?=',
      ' =?UTF-8?Q?=E3=81=97=E3=81=A6?=',
      'Content-Transfer-Encoding: quoted-printable',
      'Content-Language: ja',
      '',
      'link: http://h/verify?t=3Dabc=',
      'def',
    ].join('\r\n');
    const mail = parseMail(raw);
    expect(mail.subject).toBe('確認して');
    expect(mail.headers.get('content-language')).toBe('ja');
    expect(mail.text).toBe('link: http://h/verify?t=abcdef');
  });

  it('decodes base64 bodies and B-encoded subjects', () => {
    const raw = `Subject: ${'=?UTF-8?B?' + Buffer.from('账户已恢复').toString('base64') + '?='}\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from('你好\r\nworld').toString('base64')}`;
    const mail = parseMail(raw);
    expect(mail.subject).toBe('账户已恢复');
    expect(mail.text).toBe('你好\nworld');
  });

  it('leaves plain ASCII alone', () => {
    expect(decodeHeaderValue('Was this you?')).toBe('Was this you?');
    expect(parseMail('Subject: hi\r\n\r\nbody\r\n').text).toBe('body');
  });
});
