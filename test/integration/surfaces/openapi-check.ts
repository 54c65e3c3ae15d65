/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk untyped JSON answers and the OpenAPI document */
/** Checks API responses against the served OpenAPI document's response schemas (ajv 8, JSON Schema 2020-12). */
// ajv 8 ships with ajv-formats (a dependency of @fastify/swagger's tree); the top-level ajv is v6 (no 2020-12).
import Ajv2020 from 'ajv-formats/node_modules/ajv/dist/2020';
import addFormats from 'ajv-formats';

/** A validator of responses against `document`. */
export function responseChecker(document: any) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv as never);
  ajv.addSchema({ $id: 'doc', components: document.components }, 'doc');
  return (method: string, path: string, status: number, body: unknown): string[] => {
    const response = document.paths?.[path]?.[method.toLowerCase()]?.responses?.[String(status)];
    if (!response) return [`${method} ${path} → ${status} is not documented`];
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return [];
    const rewritten = JSON.parse(JSON.stringify(schema).replace(/"#\/components\//g, '"doc#/components/'));
    const validate = ajv.compile(rewritten);
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${method} ${path} → ${status}: ${e.instancePath} ${e.message}`);
  };
}
