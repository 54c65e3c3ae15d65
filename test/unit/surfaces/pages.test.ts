/** Escaping and the Content-Security-Policy of the pages. */
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
    expect(renderLoginPage('csrf-token', '<img src=x>')).toContain('&lt;img src=x&gt;');
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
