/** Escaping, the Content-Security-Policy of the pages, and the board login session. */
import { createBoardSessions } from '../../../client/api/board-session';
import { contentSecurityPolicy, escapeHtml, html, raw } from '../../../client/web/html';
import { renderLoginPage } from '../../../client/web/board-page';

describe('HTML escaping', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;');
  });

  it('escapes interpolations in html`` but keeps nested html`` and raw()', () => {
    const evil = '<script>alert(1)</script>';
    expect(html`<p>${evil}</p>`.value).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html`<div>${html`<b>${evil}</b>`}${raw('<i>ok</i>')}</div>`.value).toBe('<div><b>&lt;script&gt;alert(1)&lt;/script&gt;</b><i>ok</i></div>');
    expect(html`${[1, '<', null, undefined, false]}`.value).toBe('1&lt;');
  });

  it('shows the login error escaped', () => {
    expect(renderLoginPage('<img src=x>')).toContain('&lt;img src=x&gt;');
  });
});

describe('Content-Security-Policy', () => {
  it('allows no script without one, and exactly the page script by its hash', () => {
    expect(contentSecurityPolicy()).toContain("script-src 'none'");
    expect(contentSecurityPolicy('let a = 1;')).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(contentSecurityPolicy('let a = 1;')).not.toBe(contentSecurityPolicy('let a = 2;'));
    expect(contentSecurityPolicy()).toContain("frame-ancestors 'none'");
  });
});

describe('board sessions', () => {
  let now = new Date('2026-11-29T08:00:00Z');
  const sessions = createBoardSessions('a-test-secret-of-enough-length', () => now);
  const cookieOf = (setCookie: string) => setCookie.split(';')[0]!;

  it('reads back the caller of a session it started, and not the key', () => {
    const setCookie = sessions.start({ role: 'shipping', name: 'dock-1' }, true);
    expect(setCookie).toMatch(/HttpOnly; SameSite=Strict; Max-Age=43200; Secure$/);
    expect(sessions.read(`other=1; ${cookieOf(setCookie)}`)).toEqual({ role: 'shipping', name: 'dock-1' });
  });

  it('refuses a tampered, foreign or expired session', () => {
    const cookie = cookieOf(sessions.start({ role: 'shipping', name: 'dock-1' }, false));
    const [name, value] = cookie.split('=');
    const [payload, signature] = value!.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ n: 'dock-1', r: 'admin', e: Date.parse('2030-01-01') })).toString('base64url');
    expect(sessions.read(`${name}=${forgedPayload}.${signature}`)).toBeNull();
    expect(createBoardSessions('another-secret-of-enough-length', () => now).read(cookie)).toBeNull();
    expect(sessions.read(`${name}=${payload}`)).toBeNull();
    expect(sessions.read(undefined)).toBeNull();
    now = new Date('2026-11-29T20:00:01Z');
    expect(sessions.read(cookie)).toBeNull();
  });
});
