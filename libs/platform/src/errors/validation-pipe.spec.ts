import { describe, expect, it } from '@jest/globals';
import { IsIn, IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { ProblemException } from './problem.js';
import { strictValidationPipe } from './validation-pipe.js';

class PageQuery {
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  limit: number = 20;

  @IsOptional()
  @IsIn(['open', 'closed'])
  status?: string;
}

class NeedsTerm {
  @IsString()
  term!: string;
}

const asQuery = <T>(metatype: new () => T) => ({ type: 'query' as const, metatype, data: undefined });
const problemOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    return err as ProblemException;
  }
  throw new Error('expected a refusal');
};

describe('the validation pipe and an empty query', () => {
  it('gives the DTO with its defaults for an empty query, a new one each time, the first time validated and after that too', async () => {
    const pipe = strictValidationPipe();
    const validator = pipe as unknown as { validate: (...a: unknown[]) => unknown };
    const validate = validator.validate.bind(pipe);
    let validations = 0;
    validator.validate = (...a: unknown[]) => {
      validations++;
      return validate(...a);
    };
    const first = await pipe.transform(Object.create(null), asQuery(PageQuery));
    const second = await pipe.transform(Object.create(null), asQuery(PageQuery));
    const third = await pipe.transform({}, asQuery(PageQuery));
    for (const q of [first, second, third]) {
      expect(q).toBeInstanceOf(PageQuery);
      expect(q).toEqual(Object.assign(new PageQuery(), { limit: 20 }));
    }
    // Express's parser makes query objects without a prototype; either way, validated once.
    expect(validations).toBe(1);
    expect(second).not.toBe(first);
    (second as PageQuery).limit = 99;
    expect(((await pipe.transform({}, asQuery(PageQuery))) as PageQuery).limit).toBe(20);
  });

  it('still validates every query that is not empty, after an empty one was accepted', async () => {
    const pipe = strictValidationPipe();
    await pipe.transform({}, asQuery(PageQuery));
    const bad = await problemOf(pipe.transform({ status: 'lost' }, asQuery(PageQuery)));
    expect(bad).toBeInstanceOf(ProblemException);
    expect(JSON.stringify(bad.getResponse())).toContain('status');
    const unknown = await problemOf(pipe.transform({ colour: 'red' }, asQuery(PageQuery)));
    expect(JSON.stringify(unknown.getResponse())).toContain('colour is not a known field');
    expect(await pipe.transform({ status: 'open' }, asQuery(PageQuery))).toMatchObject({ status: 'open', limit: 20 });
  });

  it('refuses an empty query every time where the DTO needs a parameter', async () => {
    const pipe = strictValidationPipe();
    for (let i = 0; i < 3; i++) {
      const refused = await problemOf(pipe.transform({}, asQuery(NeedsTerm)));
      expect(JSON.stringify(refused.getResponse())).toContain('term');
    }
  });

  it('validates an empty body as before: the shortcut is for queries only', async () => {
    const pipe = strictValidationPipe();
    for (let i = 0; i < 2; i++) {
      const refused = await problemOf(pipe.transform({}, { type: 'body', metatype: NeedsTerm, data: undefined }));
      expect(JSON.stringify(refused.getResponse())).toContain('term');
    }
  });
});
