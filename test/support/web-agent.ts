import { expect } from '@jest/globals';
import supertest from 'supertest';
import { DEMO_PASSWORD, type TestApp } from './test-app.js';

/** The CSRF token a page's forms carry. */
export const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** A browser-like agent (it keeps its cookies) signed in through the sign-in page, as a person would be. */
export async function signedInAgent(t: TestApp, email: string, password = DEMO_PASSWORD) {
  const agent = supertest.agent(t.app.getHttpServer());
  const form = await agent.get('/sign-in');
  const res = await agent
    .post('/sign-in')
    .type('form')
    .send({ _csrf: csrfOf(form.text), email, password });
  expect(res.status).toBe(303);
  return agent;
}
