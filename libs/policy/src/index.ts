export { PolicyPackVersion } from './policy-pack.entity.js';
export { DEFAULT_POLICY_PACK, MIX_DIMENSIONS, PUBLIC_CHARACTER_TESTS, SCALES, completePack } from './policy-pack.js';
export type { AreaPopulation, MixDimension, PolicyPack, Scale } from './policy-pack.js';
export { PolicyPacks } from './policy-packs.service.js';
export { PolicyModule } from './policy.module.js';
import { PolicyPackVersion } from './policy-pack.entity.js';
export const POLICY_ENTITIES = [PolicyPackVersion];
