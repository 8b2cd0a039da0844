/**
 * ADF validation against Atlassian's published JSON schema (`@atlaskit/adf-schema`'s
 * json-schema/v1/full.json, draft-04), used by the simulator to refuse what Jira Cloud would refuse
 * and by the converter tests. Dev only: the package's runtime dependencies are an editor's worth,
 * so only its JSON file is read (jira-contract.md §4.3).
 */
import { createRequire } from 'node:module';
import Ajv from 'ajv-draft-04';

const schema = createRequire(import.meta.url)('@atlaskit/adf-schema/dist/json-schema/v1/full.json') as object;
// The schema uses keywords ajv's strict mode flags (e.g. unknown formats); they are Atlassian's, not ours.
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

/** Why `doc` is not valid ADF, most specific first; empty when it is valid. */
export function adfProblems(doc: unknown): string[] {
  if (validate(doc)) return [];
  const errors = [...(validate.errors ?? [])].sort((a, b) => b.instancePath.length - a.instancePath.length);
  return [...new Set(errors.map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`))].slice(0, 10);
}
