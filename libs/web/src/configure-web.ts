import type { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import express from 'express';
import { readFileSync } from 'node:fs';
import { projectPath } from '#platform';
import { PageRenderer, VIEWS_DIRS } from './rendering/page-renderer.js';

/**
 * The browser side of the HTTP surface: cookies, GOV.UK Frontend's CSS, JS and
 * images served from our own origin (nothing from other hosts), and the
 * handlebars view engine for pages.
 */
export function configureWeb(app: INestApplication): void {
  const server = app.getHttpAdapter().getInstance() as express.Express;
  app.use(cookieParser());
  const govuk = projectPath('node_modules', 'govuk-frontend', 'dist', 'govuk');
  const cache = { maxAge: '1d', index: false as const };
  // GOV.UK Frontend's stylesheet without its GDS Transport @font-face rules: the typeface is for GOV.UK
  // services only, and a browser laying out the page before commonweal.css arrived would still ask for
  // the font files (404s a browser test caught now and then). With no face declared, nothing is fetched.
  const stylesheet = readFileSync(`${govuk}/govuk-frontend.min.css`, 'utf8').replace(/@font-face\{font-family:"?GDS Transport"?;[^}]*\}/g, '');
  app.use('/assets/govuk/govuk-frontend.min.css', (_req: express.Request, res: express.Response) => {
    res.type('text/css').set('cache-control', 'public, max-age=86400').send(stylesheet);
  });
  app.use('/assets/govuk', express.static(govuk, cache));
  app.use('/assets/images', express.static(`${govuk}/assets/images`, cache));
  app.use('/assets/commonweal', express.static(projectPath('libs', 'web', 'public'), cache));
  // Our own mark, not GOV.UK's crown (that is for GOV.UK services only); browsers that ask for /favicon.ico get it too.
  app.use('/favicon.ico', (_req: express.Request, res: express.Response) => res.redirect(301, '/assets/commonweal/favicon.svg'));
  server.engine('hbs', app.get(PageRenderer).engine);
  // Express looks a view up in each folder in turn; names are unique across them.
  server.set('views', VIEWS_DIRS);
  server.set('view engine', 'hbs');
}
