/**
 * The words of an evaluation, defined once (docs/domain.md section 4): the engine, the bundle's schema,
 * the policy pack, the tender's model and the pages all take them from here, so a new price method or
 * tie-break is one line, and a bundle the engine can read is one the model could have declared.
 */
export const CATEGORIES = ['price', 'quality', 'social_value', 'public_character'] as const;
export type Category = (typeof CATEGORIES)[number];

export const PRICE_METHODS = ['relative_to_lowest', 'linear_deviation', 'benchmark', 'price_per_quality_point', 'whole_life_cost'] as const;
export type PriceMethod = (typeof PRICE_METHODS)[number];

/** In the order a model lists them; the default rule is higher quality, then lower price. */
export const TIE_BREAKS = ['higher_quality', 'lower_price', 'higher_social_value', 'higher_public_character'] as const;
export type TieBreak = (typeof TIE_BREAKS)[number];
