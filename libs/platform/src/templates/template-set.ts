import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Decimal } from 'decimal.js';
import Handlebars from 'handlebars';
import { londonDate, londonDateTime } from './london-time.js';

export interface TemplateSetOptions {
  /** HTML-escape {{values}} (pages, HTML e-mail); off for plain-text e-mail. */
  escape: boolean;
}

/**
 * A folder of handlebars templates with its `partials/` sub-folder, compiled
 * with `strict: true`: a template that names a value the caller did not supply
 * throws instead of printing an empty string, so a missing deadline is an error
 * in a test, not a blank in a letter to a provider.
 */
export class TemplateSet {
  private readonly hb = Handlebars.create();
  private readonly cache = new Map<string, Handlebars.TemplateDelegate>();

  constructor(
    private readonly dir: string,
    private readonly options: TemplateSetOptions,
  ) {
    this.hb.registerHelper('londonDateTime', (v: Date | string) => londonDateTime(v));
    this.hb.registerHelper('londonDate', (v: Date | string) => londonDate(v));
    this.hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
    // Scores are kept to 6 places; pages and letters show points to 2, rounding half up (decimal, never binary).
    this.hb.registerHelper('roundPoints', (v: string | number) => new Decimal(v).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2));
    // Handlebars passes its options object last; everything before it is joined.
    this.hb.registerHelper('concat', (...args: unknown[]) => args.slice(0, -1).join(''));
    const partials = join(dir, 'partials');
    if (existsSync(partials)) {
      for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
        this.hb.registerPartial(basename(file, '.hbs'), readFileSync(join(partials, file), 'utf8'));
      }
    }
  }

  has(name: string): boolean {
    return /^[a-z0-9][a-z0-9./-]*$/.test(name) && !name.includes('..') && existsSync(this.file(name));
  }

  render(name: string, data: object): string {
    let template = this.cache.get(name);
    if (!template) {
      if (!this.has(name)) throw new Error(`no template ${name} in ${this.dir}`);
      template = this.hb.compile(readFileSync(this.file(name), 'utf8'), { strict: true, noEscape: !this.options.escape });
      this.cache.set(name, template);
    }
    return template(data);
  }

  private file(name: string) {
    return join(this.dir, `${name}.hbs`);
  }
}
