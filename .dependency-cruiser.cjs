// The architecture's rules, checked in `npm test` (test/architecture/boundaries.spec.ts runs this
// configuration) and by `npm run lint:deps`. docs/architecture.md explains each rule and why.

/** Libraries from the bottom up: each may import only those before it. */
const LAYERS = [
  'kernel',
  'platform',
  'auth',
  'jobs',
  'notifications',
  'web',
  'providers',
  'staff',
  'scoring',
  'policy',
  'commissioning',
  'public-character',
  'social-value',
  'tendering',
  'bids',
  'evaluation',
  'contracts',
  'costs',
  'transparency',
  'entities',
];
/** Bounded contexts: their non-framework files are pure. */
const CONTEXTS = [
  'scoring',
  'policy',
  'commissioning',
  'public-character',
  'social-value',
  'tendering',
  'bids',
  'evaluation',
  'contracts',
  'costs',
  'transparency',
];
/** Files that may use the framework; every other file of a context is a pure function of its inputs. */
const FRAMEWORK_FILES = '\\.(module|service|controller|entity|entities|job|dto|guard|extension|query|problem)\\.ts$';

const layerRules = LAYERS.map((lib, i) => ({
  name: `layer-${lib}`,
  comment: `libs/${lib} may import only the libraries below it: ${LAYERS.slice(0, i).join(', ') || 'none'}`,
  severity: 'error',
  from: { path: `^libs/${lib}/` },
  to: { path: `^libs/(${LAYERS.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'No import cycle anywhere: a cycle through ES module barrels leaves a class undefined when Nest reads its constructor types',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'through-the-index',
      comment: "A library is reached only through its index.ts (the '#lib' import): what it does not export is its own",
      severity: 'error',
      from: { path: '^libs/([^/]+)/' },
      to: { path: '^libs/([^/]+)/', pathNot: ['^libs/$1/', '^libs/[^/]+/src/index\\.ts$'] },
    },
    {
      name: 'kernel-is-pure',
      comment: 'libs/kernel is pure TypeScript: no framework, no database, no other library',
      severity: 'error',
      from: { path: '^libs/kernel/' },
      to: { path: ['(^|/)node_modules/(@nestjs|typeorm|pg|@electric-sql)/', '^libs/(?!kernel/)'] },
    },
    {
      name: 'pure-core',
      comment: `A context's files other than its modules, services, controllers, entities, jobs, DTOs, guards and page extensions import no Nest, no TypeORM and no platform`,
      severity: 'error',
      from: { path: `^libs/(${CONTEXTS.join('|')})/src/`, pathNot: [FRAMEWORK_FILES, '\\.spec\\.ts$', '/index\\.ts$'] },
      to: { path: ['(^|/)node_modules/(@nestjs|typeorm)/', '^libs/platform/'] },
    },
    {
      name: 'not-to-test',
      comment: 'Production code never imports tests',
      severity: 'error',
      from: { path: '^(libs|apps)/', pathNot: '\\.spec\\.ts$' },
      to: { path: '(^test/|\\.spec\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^dist/', '^data/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
    reporterOptions: {
      dot: { collapsePattern: '^(libs/[^/]+|apps/[^/]+|node_modules/(@[^/]+/)?[^/]+|migrations|test|bench)' },
    },
  },
};
