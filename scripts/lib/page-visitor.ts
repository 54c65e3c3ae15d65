/** A visitor of the server-rendered pages without a browser (tests, the fuzz run): keeps cookies, sends `Origin` on posts, reads the CSRF token off each page. */

/** What a visitor can do. */
export interface PageVisitor {
  /** The cookies it holds, as a `Cookie` header. */
  cookies(): string;
  /** The value of one cookie it holds. */
  cookie(name: string): string | undefined;
  /** The CSRF token of the last page it got. */
  csrf(): string;
  get(path: string): Promise<{ status: number; text: string; headers: Headers }>;
  /** Posts a form; the last page's CSRF token is added unless `fields._csrf` is given (`null` leaves it out). */
  post(path: string, fields?: Record<string, string | null>, headers?: Record<string, string>): Promise<{ status: number; text: string; headers: Headers }>;
  /** Logs in to the board with `key` (GET the form, POST it); returns the login's status. */
  logIn(key: string): Promise<number>;
}

/** A visitor of `baseUrl`'s pages. */
export function pageVisitor(baseUrl: string): PageVisitor {
  const jar = new Map<string, string>();
  let token = '';
  const cookieHeader = () => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
  const remember = async (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const [name, ...value] = pair!.split('=');
      if (attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name!.trim());
      else jar.set(name!.trim(), value.join('='));
    }
    const text = await response.text();
    token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1] ?? token;
    return { status: response.status, text, headers: response.headers };
  };
  const visitor: PageVisitor = {
    cookies: cookieHeader,
    cookie: (name) => jar.get(name),
    csrf: () => token,
    get: async (path) => remember(await fetch(`${baseUrl}${path}`, { headers: { cookie: cookieHeader() }, redirect: 'manual' })),
    async post(path, fields = {}, headers = {}) {
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries({ _csrf: token, ...fields })) if (value !== null) form.set(name, value);
      return remember(await fetch(`${baseUrl}${path}`, {
        method: 'POST', redirect: 'manual', body: form.toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: baseUrl, cookie: cookieHeader(), ...headers },
      }));
    },
    async logIn(key) {
      await visitor.get('/board/login');
      return (await visitor.post('/board/login', { key })).status;
    },
  };
  return visitor;
}
