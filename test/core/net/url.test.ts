/** joinMirrorUrl: repository paths from a fixed vocabulary only; no escape from the mirror tree. */
import { describe, expect, it } from 'vitest';
import { joinMirrorUrl, mirrorBase } from '../../../src/core/net/url.ts';
import { errorCode } from '../../helpers/error-code.ts';

const HEX = 'ab'.repeat(32);

const code = errorCode;

describe('joinMirrorUrl', () => {
  it('joins the path vocabulary under the base', () => {
    expect(joinMirrorUrl('https://m.example/pp/', 'timestamp.json')).toBe('https://m.example/pp/timestamp.json');
    expect(joinMirrorUrl('https://m.example/pp/', 'root/3.json')).toBe('https://m.example/pp/root/3.json');
    expect(joinMirrorUrl('https://m.example/pp/', `objects/${HEX}`)).toBe(`https://m.example/pp/objects/${HEX}`);
    expect(joinMirrorUrl('http://127.0.0.1:8080', 'timestamp.json')).toBe('http://127.0.0.1:8080/timestamp.json');
  });

  it('treats a base without a trailing slash as a directory', () => {
    expect(joinMirrorUrl('https://m.example/pp', 'timestamp.json')).toBe('https://m.example/pp/timestamp.json');
  });

  it.each([
    '../timestamp.json', 'objects/../../x', 'a..b', '..', '.', './a', 'a/./b', '.hidden',
    '%2e%2e/x', 'objects%2Fx', 'a\\b', '/etc/passwd', '//evil.example/x', 'https://evil.example/x',
    'javascript:alert(1)', 'a//b', 'a/', '', 'a?b=1', 'a#b', 'a b', 'é', 'a\u0000b', 'x'.repeat(300),
  ])('refuses the path %j', (path) => {
    expect(code(() => joinMirrorUrl('https://m.example/', path))).toBe('MALFORMED');
  });

  it.each([
    'ftp://m.example/', 'file:///etc/', 'javascript:alert(1)', 'data:text/plain,x', 'm.example/', '/relative/',
    'https://user:pw@m.example/', 'https://m.example/?q=1', 'https://m.example/#frag', 'https://m.example/?', 'https://m.example/#',
  ])('refuses the base %j', (base) => {
    expect(code(() => joinMirrorUrl(base, 'timestamp.json'))).toBe('MALFORMED');
  });

  it('normalises the base', () => {
    expect(mirrorBase('HTTPS://M.Example/pp')).toBe('https://m.example/pp/');
  });
});
