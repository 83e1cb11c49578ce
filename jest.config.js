// Three tiers, selected with --selectProjects: unit specs beside the code,
// service tests against a real nats-server, system tests as root with real containers.
const base = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  moduleNameMapper: {
    '^@lxcbus/(contracts|lxc-config|bus|bus-client|cli|stack)$': '<rootDir>/libs/$1/src',
    '^@lxcbus/native$': '<rootDir>/native/lib',
  },
  transform: { '^.+\\.ts$': ['ts-jest', {}] },
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['<rootDir>/{libs,services,native}/**/*.spec.ts'] },
    { ...base, displayName: 'service', testMatch: ['<rootDir>/test/service/**/*.test.ts'] },
    { ...base, displayName: 'system', testMatch: ['<rootDir>/test/system/**/*.test.ts'] },
  ],
};
