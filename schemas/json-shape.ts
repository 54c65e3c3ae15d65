/**
 * Limits on the shape of a parsed JSON body, checked before anything walks it recursively: at most `MAX_JSON_DEPTH`
 * levels of nesting, and no `__proto__` or `constructor` keys (they would reach object prototypes when copied).
 * The walk is iterative, so no body can exhaust the stack.
 */

/** Deepest nesting of objects and arrays a request body may have. */
export const MAX_JSON_DEPTH = 64;

/** Keys a JSON body may not contain, at any depth. */
export const FORBIDDEN_JSON_KEYS: readonly string[] = ['__proto__', 'constructor'];

/** What is wrong with a body's shape: the field (dotted path) and why. */
export interface JsonShapeProblem {
  field: string;
  message: string;
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** The first shape problem of `value` (depth first), or null. */
export function jsonShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonShapeProblem | null {
  const stack: Array<{ node: unknown; path: string; depth: number }> = [{ node: value, path: '', depth: 0 }];
  while (stack.length) {
    const { node, path, depth } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    if (depth >= maxDepth) return { field: path || '(body)', message: `is nested deeper than ${maxDepth} levels` };
    const entries: Array<[string | number, unknown]> = Array.isArray(node) ? node.map((item, index) => [index, item]) : Object.entries(node);
    for (const [key, item] of entries) {
      if (typeof key === 'string' && FORBIDDEN_JSON_KEYS.includes(key)) {
        return { field: join(path, key), message: `key "${key}" is not accepted in JSON (refused: ${FORBIDDEN_JSON_KEYS.join(', ')})` };
      }
      stack.push({ node: item, path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}
