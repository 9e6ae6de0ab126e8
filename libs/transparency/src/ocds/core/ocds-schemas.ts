import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { parse } from 'csv-parse/sync';
import type { ErrorObject } from 'ajv-draft-04';

// A CommonJS package: required as one, so its class arrives the same way under Node and under jest.
type Ajv04Class = (typeof import('ajv-draft-04'))['default'];
const Ajv04 = createRequire(import.meta.url)('ajv-draft-04') as Ajv04Class;

/**
 * The OCDS 1.1.5 schemas (docs/ocds/1.1.5, copied unchanged from the standard) compiled once with a
 * draft-04 validator (the standard's schemas are draft-04), and the codelists as sets.
 */
export function ocdsValidators(root: string) {
  const read = (name: string) => JSON.parse(readFileSync(join(root, name), 'utf8'));
  const release = read('release-schema.json');
  const ajv = new Ajv04({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(release);
  // The record package refers to the versioned release schema for `versionedRelease`, which is not among the
  // schemas shipped (docs/ocds/1.1.5): Commonweal publishes a compiled release and never a versioned one, and
  // `recordPackage` refuses a record that carries one, so the placeholder can never let anything through.
  ajv.addSchema({ id: 'https://standard.open-contracting.org/schema/1__1__5/versioned-release-validation-schema.json' });
  const check = (schema: object) => {
    const validate = ajv.compile(schema);
    return (value: unknown) =>
      validate(value) ? [] : (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'} ${e.message ?? 'is not valid'}`);
  };
  // Each codelist's codes are its Code column (not always the first: documentType's is the second).
  const codelist = (name: string): ReadonlySet<string> =>
    new Set((parse(readFileSync(join(root, 'codelists', `${name}.csv`), 'utf8'), { columns: true }) as { Code: string }[]).map((row) => row.Code));
  return {
    release: check(release),
    releasePackage: check(read('release-package-schema.json')),
    recordPackage: ((validate) => (value: unknown) => [
      ...validate(value),
      ...((value as { records?: { versionedRelease?: unknown }[] }).records ?? [])
        .filter((r) => r.versionedRelease !== undefined)
        .map(() => '/records versionedRelease is not published by Commonweal, and not checked'),
    ])(check(read('record-package-schema.json'))),
    releaseSchema: release,
    codelist,
  };
}
