// Types of eslint.config.js, for the test of the architecture's import rules (tests/tooling/boundaries.test.ts).
import type { Linter } from 'eslint';

declare const config: Linter.Config[];
export default config;
