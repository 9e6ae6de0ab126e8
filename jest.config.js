// Jest in ESM mode (NestJS 12 ships as ES modules): ts-jest compiles each file
// in isolation, relative `.js` suffixes are stripped, and the `#lib` subpath
// imports that Node resolves to dist/ at run time point at the sources here.
const shared = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '^#(kernel|platform|auth|jobs|notifications|web|providers|staff|scoring|policy|commissioning|public-character|social-value|tendering|bids|evaluation|contracts|costs|transparency|entities)$':
      '<rootDir>/libs/$1/src/index.ts',
    '^#migrations$': '<rootDir>/migrations/index.ts',
  },
  testEnvironment: 'node',
};

export default {
  testTimeout: 120000,
  maxWorkers: 2,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
