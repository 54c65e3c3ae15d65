/** The CLI's HTTP client for the API (`RF_API_URL`, `RF_API_KEY`), mapping error statuses to script-friendly exit codes. */

/** Exit codes: 0 ok, 1 other failure, 2 invalid input, 3 not found, 4 conflict. */
export const ExitCodes = { ok: 0, failure: 1, invalid: 2, notFound: 3, conflict: 4 } as const;

/** A failure the CLI reports as one clear message and an exit code. */
export class CliError extends Error {
  constructor(message: string, readonly exitCode: number) {
    super(message);
  }
}

/** The exit code for an HTTP error status. */
export function exitCodeFor(status: number): number {
  if (status === 400 || status === 413) return ExitCodes.invalid;
  if (status === 404) return ExitCodes.notFound;
  if (status === 409) return ExitCodes.conflict;
  return ExitCodes.failure;
}

/** Calls the API; returns the parsed JSON and status, or throws a `CliError` with the API's message. */
export function createApiClient(baseUrl: string, apiKey: string | undefined) {
  return async function request<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
    if (!apiKey) throw new CliError('RF_API_KEY is not set: export RF_API_KEY=<your support or shipping key>', ExitCodes.invalid);
    let response: Response;
    try {
      response = await fetch(new URL(path, baseUrl), {
        method,
        headers: { 'x-api-key': apiKey, accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new CliError(`cannot reach the API at ${baseUrl} (${reason}); is it running? (RF_API_URL)`, ExitCodes.failure);
    }
    const text = await response.text();
    let data: unknown;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = { error: text.slice(0, 200) };
    }
    if (response.ok) return { status: response.status, data: data as T };
    const problem = (data ?? {}) as { error?: unknown; fields?: unknown };
    const fields = Array.isArray(problem.fields) ? problem.fields.map((f: { field: string; message: string }) => `\n  - ${f.field}: ${f.message}`).join('') : '';
    const message = fields ? `invalid input:${fields}` : String(problem.error ?? `HTTP ${response.status}`);
    throw new CliError(`${message}${response.status === 401 || response.status === 403 ? ' (check RF_API_KEY)' : ''}`, exitCodeFor(response.status));
  };
}

/** The request function. */
export type ApiRequest = ReturnType<typeof createApiClient>;
