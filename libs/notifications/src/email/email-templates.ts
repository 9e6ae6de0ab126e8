import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, projectPath, TemplateSet } from '#platform';

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

/** What every e-mail template may use besides its own data. */
export interface EmailCommon {
  /** Whom the e-mail is sent for: the authority, or the provider for its own messages. */
  authorityName: string;
  /** A provider's own message (an invitation to its team), not an authority's. */
  forProvider: boolean;
}

/**
 * E-mail templates: `<name>.subject.hbs`, `<name>.html.hbs` and
 * `<name>.text.hbs` in libs/notifications/templates/email, each part wrapped
 * in its layout. Every e-mail has both an HTML and a plain-text part.
 */
@Injectable()
export class EmailTemplates {
  private readonly html: TemplateSet;
  private readonly text: TemplateSet;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    const dir = projectPath('libs', 'notifications', 'templates', 'email');
    this.html = new TemplateSet(dir, { escape: true });
    this.text = new TemplateSet(dir, { escape: false });
  }

  has(name: string): boolean {
    return this.html.has(`${name}.html`) && this.text.has(`${name}.text`) && this.text.has(`${name}.subject`);
  }

  render(name: string, data: EmailCommon & Record<string, unknown>): RenderedEmail {
    const context = { serviceName: 'Commonweal', baseUrl: this.config.PUBLIC_BASE_URL, ...data };
    const subject = this.text.render(`${name}.subject`, context).replace(/\s+/g, ' ').trim();
    const withSubject = { ...context, subject };
    return {
      subject,
      html: this.html.render('layout.html', { ...withSubject, body: this.html.render(`${name}.html`, withSubject) }),
      text: this.text.render('layout.text', { ...withSubject, body: this.text.render(`${name}.text`, withSubject).trim() }),
    };
  }
}
