import { PRICE_METHODS } from '#scoring';
import { MIX_DIMENSIONS, PUBLIC_CHARACTER_TESTS, type PolicyPack } from '../policy-pack.js';

/**
 * The policy pack as a flat HTML form and back. Pure. Lists are written one
 * item to a line, so an admin edits them as text: restricted categories as
 * "code | name", the area mix as "dimension: group=share, group=share".
 */
export type PackForm = Record<string, string | string[] | undefined>;

const lines = (v: unknown) =>
  String(v ?? '')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
const str = (v: unknown) => String(v ?? '').trim();
const int = (v: unknown) => (/^\d+$/.test(str(v)) ? Number(str(v)) : str(v));

export function packToForm(p: PolicyPack): Record<string, string> {
  return {
    minSocialValueWeight: p.minSocialValueWeight,
    qualityScale: p.defaultScales.quality,
    socialValueScale: p.defaultScales.socialValue,
    belowMeanOfOthersPercent: p.abnormallyLow.belowMeanOfOthersPercent,
    belowNextLowestPercent: p.abnormallyLow.belowNextLowestPercent,
    variancePoints: p.evaluatorVariance.points,
    varianceScale: p.evaluatorVariance.scale,
    standstillWorkingDays: String(p.standstillWorkingDays),
    restrictedCategories: p.restrictedCategories.map((c) => `${c.code} | ${c.name}`).join('\n'),
    lotsPerSupplierCap: p.lotsPerSupplierCap === null ? '' : String(p.lotsPerSupplierCap),
    scrutinyThreshold: p.scrutinyThreshold,
    reviewEveryYears: String(p.reviewEveryYears),
    variationApprovalAbove: p.variationApprovalAbove,
    concernSupporters: String(p.concernTrigger.supporters),
    concernWindowDays: String(p.concernTrigger.windowDays),
    maxAnnualValue: p.smallProviderAccess.maxAnnualValue,
    maxLengthMonths: String(p.smallProviderAccess.maxLengthMonths),
    maxCapitalRequirement: p.smallProviderAccess.maxCapitalRequirement,
    populationSource: p.areaPopulation?.source ?? '',
    populationTolerance: p.areaPopulation?.tolerancePoints ?? '10',
    populationShares: p.areaPopulation
      ? Object.entries(p.areaPopulation.shares)
          .map(
            ([d, groups]) =>
              `${d}: ${Object.entries(groups ?? {})
                .map(([g, s]) => `${g}=${s}`)
                .join(', ')}`,
          )
          .join('\n')
      : '',
    ...Object.fromEntries(PUBLIC_CHARACTER_TESTS.map((t) => [`gate-${t}`, String(p.publicCharacterGates.find((g) => g.test === t)?.minimumLevel ?? '')])),
    ...Object.fromEntries(PRICE_METHODS.map((m) => [`method-${m}`, p.allowedPriceMethods.includes(m) ? 'yes' : ''])),
  };
}

/** The form back as a pack, unchecked: policyPackProblems names whatever is wrong, by the pack's own field names. */
export function formToPack(f: PackForm): unknown {
  const shares = Object.fromEntries(
    lines(f.populationShares).map((line) => {
      const [dimension, rest = ''] = line.split(':');
      return [
        dimension.trim(),
        Object.fromEntries(
          rest
            .split(',')
            .map((pair) => pair.split('=').map((x) => x.trim()))
            .filter(([g]) => g)
            .map(([g, s]) => [g, s ?? '']),
        ),
      ];
    }),
  );
  return {
    minSocialValueWeight: str(f.minSocialValueWeight),
    allowedPriceMethods: PRICE_METHODS.filter((m) => f[`method-${m}`] === 'yes'),
    defaultScales: { quality: str(f.qualityScale), socialValue: str(f.socialValueScale) },
    abnormallyLow: { belowMeanOfOthersPercent: str(f.belowMeanOfOthersPercent), belowNextLowestPercent: str(f.belowNextLowestPercent) },
    evaluatorVariance: { points: str(f.variancePoints), scale: str(f.varianceScale) },
    standstillWorkingDays: int(f.standstillWorkingDays),
    restrictedCategories: lines(f.restrictedCategories).map((l) => {
      const [code, ...name] = l.split('|');
      return { code: code.trim(), name: name.join('|').trim() || code.trim() };
    }),
    publicCharacterGates: PUBLIC_CHARACTER_TESTS.filter((t) => str(f[`gate-${t}`]) !== '').map((t) => ({ test: t, minimumLevel: int(f[`gate-${t}`]) })),
    lotsPerSupplierCap: str(f.lotsPerSupplierCap) === '' ? null : int(f.lotsPerSupplierCap),
    scrutinyThreshold: str(f.scrutinyThreshold).replace(/[£,]/g, ''),
    reviewEveryYears: int(f.reviewEveryYears),
    variationApprovalAbove: str(f.variationApprovalAbove).replace(/[£,]/g, ''),
    concernTrigger: { supporters: int(f.concernSupporters), windowDays: int(f.concernWindowDays) },
    smallProviderAccess: {
      maxAnnualValue: str(f.maxAnnualValue).replace(/[£,]/g, ''),
      maxLengthMonths: int(f.maxLengthMonths),
      maxCapitalRequirement: str(f.maxCapitalRequirement).replace(/[£,]/g, ''),
    },
    areaPopulation:
      lines(f.populationShares).length || str(f.populationSource)
        ? { source: str(f.populationSource), tolerancePoints: str(f.populationTolerance), shares }
        : null,
  };
}

/** A pack field (abnormallyLow.belowNextLowestPercent) as the form field that edits it. */
export function formFieldOf(packField: string): string {
  const f = packField.replace(/^pack\./, '');
  const direct: Record<string, string> = {
    'defaultScales.quality': 'qualityScale',
    'defaultScales.socialValue': 'socialValueScale',
    'evaluatorVariance.points': 'variancePoints',
    'evaluatorVariance.scale': 'varianceScale',
    allowedPriceMethods: 'allowedPriceMethods',
    'areaPopulation.source': 'populationSource',
    'areaPopulation.tolerancePoints': 'populationTolerance',
    'concernTrigger.supporters': 'concernSupporters',
    'concernTrigger.windowDays': 'concernWindowDays',
  };
  if (direct[f]) return direct[f];
  if (f.startsWith('abnormallyLow.')) return f.split('.')[1];
  if (f.startsWith('smallProviderAccess.')) return f.split('.')[1];
  if (f.startsWith('restrictedCategories')) return 'restrictedCategories';
  if (f.startsWith('publicCharacterGates')) return 'publicCharacterGates';
  if (f.startsWith('areaPopulation')) return 'populationShares';
  return f.split('.')[0];
}

export const DIMENSIONS_HINT = MIX_DIMENSIONS.join(', ');
