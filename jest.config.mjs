export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/js/**/*.test.mjs'],
  transform: {},
  // Scratch trees and build folders may hold package.json copies that would shadow 'cfsign'.
  modulePathIgnorePatterns: ['<rootDir>/scratch/', '<rootDir>/build/', '<rootDir>/artifacts/'],
};
