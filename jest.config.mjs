export default {
  testEnvironment: 'node',
  testMatch: ['<rootDir>/tests/js/**/*.test.mjs'],
  transform: {},
};
