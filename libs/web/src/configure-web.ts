import type { INestApplication } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import express from 'express';
import { projectPath } from '#platform';
import { PageRenderer, VIEWS_DIR } from './rendering/page-renderer.js';

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
  app.use('/assets/govuk', express.static(govuk, cache));
  app.use('/assets/images', express.static(`${govuk}/assets/images`, cache));
  app.use('/assets/commonweal', express.static(projectPath('libs', 'web', 'public'), cache));
  server.engine('hbs', app.get(PageRenderer).engine);
  server.set('views', VIEWS_DIR);
  server.set('view engine', 'hbs');
}
