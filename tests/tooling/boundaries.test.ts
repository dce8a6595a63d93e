import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import config from '../../eslint.config.js';

// The import rules of the architecture, as ESLint applies them in `npm run check`.

function boundariesPlugin() {
  const plugin = config.find((item) => item.plugins?.boundaries)?.plugins?.boundaries;
  if (!plugin) throw new Error('eslint.config.js has no boundaries plugin');
  return plugin;
}
const boundaries = boundariesPlugin();

function problems(file: string, source: string): string[] {
  const linter = new Linter({ cwd: process.cwd() });
  return linter
    .verify(
      source,
      {
        files: ['**/*.ts'],
        languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
        plugins: { boundaries },
        rules: { 'boundaries/imports': 'error' },
      },
      { filename: `${process.cwd()}/${file}` },
    )
    .map((message) => message.message);
}

describe('the import rules', () => {
  it('refuse another module’s repository, and allow its service and one’s own repository', () => {
    expect(
      problems(
        'src/modules/imports/imports.service.ts',
        "import { x } from '../partners/partners.repository.js';",
      ),
    ).toEqual([
      'Import the partners module’s service (or its schemas), not its repository: another module’s tables are not ours to query.',
    ]);
    expect(
      problems(
        'src/modules/imports/imports.service.ts',
        "import { x } from '../partners/partners.service.js';",
      ),
    ).toEqual([]);
    expect(
      problems('src/modules/imports/imports.service.ts', "import * as repo from './imports.repository.js';"),
    ).toEqual([]);
  });

  it('refuse the composition root in modules and platform', () => {
    for (const file of ['src/modules/faq/faq.service.ts', 'src/platform/http.ts']) {
      expect(
        problems(
          file,
          "import type { AppDeps } from '" +
            (file.startsWith('src/platform') ? '..' : '../..') +
            "/app-deps.js';",
        ),
      ).toHaveLength(1);
    }
    expect(
      problems(
        'src/modules/faq/faq.routes.tsx'.replace('.tsx', '.ts'),
        "export { x } from '../../server.js';",
      ),
    ).toHaveLength(1);
  });

  it('keep platform beneath the modules, and test helpers out of production code', () => {
    expect(problems('src/platform/http.ts', "import { x } from '../modules/faq/faq.service.js';")).toEqual([
      'platform/ is beneath the modules and does not import them.',
    ]);
    expect(
      problems('src/modules/faq/faq.service.ts', "import { x } from '../../../tests/helpers/portal.js';"),
    ).toEqual(['Production code does not import test helpers.']);
    expect(
      problems('src/modules/faq/faq.test.ts', "import { x } from '../../../tests/helpers/portal.js';"),
    ).toEqual([]);
  });
});
