/**
 * The shipping board's login: the shipping (or admin) key is exchanged once for an HttpOnly, SameSite=Strict cookie
 * holding a signed session (name, role, expiry; HMAC-SHA256). The key itself is never stored in the browser.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Caller, Role } from './api-keys';

/** The cookie's name. */
export const BOARD_COOKIE = 'rf_board';
const SESSION_HOURS = 12;

/** Signs and checks board sessions with one secret. */
export function createBoardSessions(secret: string = randomBytes(32).toString('hex'), clock: () => Date = () => new Date()) {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest('base64url');
  return {
    /** A `Set-Cookie` value starting a session for `caller`. */
    start(caller: Caller, secure: boolean): string {
      const expires = clock().getTime() + SESSION_HOURS * 3_600_000;
      const payload = Buffer.from(JSON.stringify({ n: caller.name, r: caller.role, e: expires })).toString('base64url');
      return `${BOARD_COOKIE}=${payload}.${sign(payload)}; Path=/board; HttpOnly; SameSite=Strict; Max-Age=${SESSION_HOURS * 3600}${secure ? '; Secure' : ''}`;
    },
    /** A `Set-Cookie` value ending the session. */
    end(): string {
      return `${BOARD_COOKIE}=; Path=/board; HttpOnly; SameSite=Strict; Max-Age=0`;
    },
    /** The caller of a valid, unexpired session in the `Cookie` header, or null. */
    read(cookieHeader: string | undefined): Caller | null {
      const value = cookieHeader?.split(';').map((part) => part.trim()).find((part) => part.startsWith(`${BOARD_COOKIE}=`))?.slice(BOARD_COOKIE.length + 1);
      const [payload, signature] = (value ?? '').split('.');
      if (!payload || !signature) return null;
      const expected = Buffer.from(sign(payload));
      const presented = Buffer.from(signature);
      if (expected.length !== presented.length || !timingSafeEqual(expected, presented)) return null;
      try {
        const session = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { n: string; r: Role; e: number };
        return session.e > clock().getTime() ? { name: session.n, role: session.r } : null;
      } catch {
        return null;
      }
    },
  };
}

/** The board session store. */
export type BoardSessions = ReturnType<typeof createBoardSessions>;
