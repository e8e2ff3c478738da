// Nest 12 ships as ESM; Jest on Node 20 needs those packages transformed (see docs/adr/0001).
const esmPackages = [
  '@nestjs', 'file-type', 'strtok3', 'token-types', '@tokenizer', 'uint8array-extras', '@borewit',
  'content-disposition', 'cookie', 'mercurius', 'quick-lru',
].join('|');

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const shared = {
  transform: { '^.+\\.(t|j)s$': swc },
  transformIgnorePatterns: [`/node_modules/(?!.*/node_modules/)(?!(${esmPackages})/)`],
  moduleNameMapper: {
    '^@galley/editorial$': '<rootDir>/libs/editorial/src/index.ts',
    '^@galley/event-store$': '<rootDir>/libs/event-store/src/index.ts',
    '^@galley/read-models$': '<rootDir>/libs/read-models/src/index.ts',
  },
  testEnvironment: 'node',
  rootDir: __dirname,
};

module.exports = {
  // End-to-end tests boot the app and walk whole lifecycles: give them room (never a timing assertion).
  testTimeout: 60_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tests}/**/*.unit.spec.ts'] },
    { ...shared, displayName: 'int', testMatch: ['<rootDir>/{apps,libs,tests}/**/*.int.spec.ts'] },
    { ...shared, displayName: 'e2e', testMatch: ['<rootDir>/tests/**/*.e2e-spec.ts'] },
  ],
};
