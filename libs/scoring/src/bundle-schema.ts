import { Ajv } from 'ajv';
import { CATEGORIES, PRICE_METHODS, TIE_BREAKS } from './vocabulary.js';

/**
 * The evaluation bundle (`GET /api/v1/tenders/{id}/evaluation/bundle`): everything the engine needs to
 * recompute a tender's result offline. Published as docs/evaluation-bundle.schema.json, which a test
 * keeps identical to this object, so the document and the check cannot drift apart.
 */
const decimal = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' };
const key = { type: 'string', pattern: '^[a-z0-9][a-z0-9_-]{0,39}$' };
const scale = { enum: ['0-5', '0-10', '0-100'] };

export const EVALUATION_BUNDLE_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://commonweal.org.uk/schemas/evaluation-bundle-1.json',
  title: 'Commonweal evaluation bundle, format 1',
  description: "Everything the Commonweal scoring engine needs to recompute a tender's result: run `npx commonweal evaluate bundle.json`.",
  type: 'object',
  required: ['format', 'tender', 'engine', 'sensitivity'],
  additionalProperties: false,
  properties: {
    format: { const: 'commonweal-evaluation-bundle/1' },
    tender: {
      type: 'object',
      required: ['id', 'reference', 'modelHash', 'policyPackVersion'],
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        reference: { type: 'string' },
        modelHash: { type: ['string', 'null'], description: 'sha256 of the canonical evaluation model as published' },
        policyPackVersion: { type: 'integer', minimum: 0 },
      },
    },
    engine: {
      type: 'object',
      required: ['model', 'bids', 'marks', 'policy'],
      additionalProperties: false,
      properties: {
        model: {
          type: 'object',
          required: ['lots', 'criteria', 'tieBreak'],
          additionalProperties: false,
          properties: {
            lots: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['key', 'priceMethod'],
                additionalProperties: false,
                properties: {
                  key,
                  priceMethod: { enum: [...PRICE_METHODS] },
                  benchmark: {
                    anyOf: [
                      { type: 'null' },
                      { type: 'object', required: ['floor', 'ceiling'], additionalProperties: false, properties: { floor: decimal, ceiling: decimal } },
                    ],
                  },
                  estimatedValue: { anyOf: [{ type: 'null' }, decimal] },
                },
              },
            },
            criteria: { type: 'array', minItems: 1, items: { $ref: '#/definitions/criterion' } },
            tieBreak: { type: 'array', items: { enum: [...TIE_BREAKS] } },
            lotCap: {
              anyOf: [
                { type: 'null' },
                {
                  type: 'object',
                  required: ['maxLotsPerSupplier', 'order'],
                  additionalProperties: false,
                  properties: { maxLotsPerSupplier: { type: 'integer', minimum: 1 }, order: { enum: ['model_order', 'highest_value_first'] } },
                },
              ],
            },
          },
        },
        bids: {
          type: 'array',
          items: {
            type: 'object',
            required: ['bidId', 'lotKey', 'price'],
            additionalProperties: false,
            properties: {
              bidId: { type: 'string' },
              lotKey: key,
              price: decimal,
              supplierId: { type: 'string' },
              costProfile: {
                anyOf: [
                  { type: 'null' },
                  {
                    type: 'array',
                    items: {
                      type: 'object',
                      required: ['year', 'amount'],
                      additionalProperties: false,
                      properties: { year: { type: 'integer', minimum: 1 }, amount: decimal },
                    },
                  },
                ],
              },
              rejected: { type: ['string', 'null'], description: 'Why the bid was rejected after its abnormally low price was clarified' },
            },
          },
        },
        marks: {
          description: 'Consensus marks: bid id → criterion key → mark',
          type: 'object',
          additionalProperties: { type: 'object', additionalProperties: { type: 'number', minimum: 0 } },
        },
        independentMarks: {
          description: "Each evaluator's mark before moderation: bid id → criterion key → marks (only their spread is used)",
          type: 'object',
          additionalProperties: { type: 'object', additionalProperties: { type: 'array', items: { type: 'number', minimum: 0 } } },
        },
        exclusions: {
          description: 'Bids excluded before scoring (a public character gate, a restricted service category): bid id → the rules and why',
          type: 'object',
          additionalProperties: {
            type: 'array',
            items: {
              type: 'object',
              required: ['rule', 'detail'],
              additionalProperties: false,
              properties: { rule: { type: 'string' }, detail: { type: 'string' } },
            },
          },
        },
        policy: {
          type: 'object',
          required: ['abnormallyLow'],
          additionalProperties: false,
          properties: {
            abnormallyLow: {
              type: 'object',
              required: ['belowMeanOfOthersPercent', 'belowNextLowestPercent'],
              additionalProperties: false,
              properties: { belowMeanOfOthersPercent: decimal, belowNextLowestPercent: decimal },
            },
            evaluatorVariance: { type: 'object', required: ['points', 'scale'], additionalProperties: false, properties: { points: decimal, scale } },
            discountSchedule: {
              type: 'array',
              items: {
                type: 'object',
                required: ['fromYear', 'ratePercent'],
                additionalProperties: false,
                properties: { fromYear: { type: 'integer', minimum: 0 }, ratePercent: decimal },
              },
            },
          },
        },
      },
    },
    sensitivity: {
      type: 'object',
      required: ['samples', 'percent', 'seed'],
      additionalProperties: false,
      properties: { samples: { type: 'integer', minimum: 1, maximum: 1000000 }, percent: decimal, seed: { type: 'integer', minimum: 0 } },
    },
  },
  definitions: {
    criterion: {
      type: 'object',
      required: ['key', 'weight'],
      additionalProperties: false,
      properties: {
        key,
        weight: decimal,
        category: { enum: [...CATEGORIES] },
        scale,
        minimumScore: { type: ['integer', 'null'], minimum: 0 },
        children: { type: 'array', items: { $ref: '#/definitions/criterion' } },
      },
    },
  },
} as const;

const check = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(EVALUATION_BUNDLE_SCHEMA);

/** What is wrong with a bundle, each with where (a JSON pointer) and why; empty when it is a bundle. */
export function bundleProblems(value: unknown): { at: string; message: string }[] {
  if (check(value)) return [];
  return (check.errors ?? []).map((e) => ({ at: e.instancePath || '/', message: e.message ?? 'is not valid' }));
}
