import { Tender } from './tenders/tender.entity.js';

export * from './tendering.module.js';
export * from './tenders/tender.entity.js';
export const TENDERING_ENTITIES = [Tender];
