export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/js/**/*.test.mjs'],
  transform: {},
  // 'cfsign' resolves to the bundle dist/cfsign.node.mjs in Node: rebuilt from js/ first.
  globalSetup: '<rootDir>/tests/js/helpers/global-setup.mjs',
  // Scratch trees and build folders may hold package.json copies that would shadow 'cfsign'.
  modulePathIgnorePatterns: ['<rootDir>/scratch/', '<rootDir>/build/', '<rootDir>/artifacts/'],
};
