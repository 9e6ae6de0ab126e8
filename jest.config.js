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
  // ESM under vm modules keeps every suite's module graph alive in its worker: by the end of a run each worker
  // held over 3 GB and the kernel spent most of its time reclaiming. A worker that grows past this after a suite
  // is replaced by a fresh one (its compiled files stay in ts-jest's disk cache).
  workerIdleMemoryLimit: '1GB',
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'] },
    { ...shared, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'] },
  ],
};
