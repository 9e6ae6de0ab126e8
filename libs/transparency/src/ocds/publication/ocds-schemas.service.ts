import { Injectable } from '@nestjs/common';
import { projectPath } from '#platform';
import { mergeRules } from '../core/merge.js';
import { ocdsValidators } from '../core/ocds-schemas.js';

/** The OCDS 1.1.5 schemas and merge rules, compiled once for the process. */
@Injectable()
export class OcdsSchemas {
  readonly validators = ocdsValidators(projectPath('docs', 'ocds', '1.1.5'));
  readonly rules = mergeRules(this.validators.releaseSchema);
}
