import { dirname, relative, resolve } from 'node:path';
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The architecture's import rules (docs/architecture.md), checked on every import: a module reaches another only
 * through its service (never its repository); modules and platform never import the composition root; platform
 * is beneath the modules; production code never imports test helpers.
 */
const boundaries = {
  rules: {
    imports: {
      meta: {
        type: 'problem',
        messages: {
          repository:
            'Import the {{module}} module’s service (or its schemas), not its repository: another module’s tables are not ours to query.',
          compositionRoot:
            'Modules and platform do not import {{file}}: name the parts you need (platform/deps.ts) and take them as parameters.',
          platformToModule: 'platform/ is beneath the modules and does not import them.',
          testHelper: 'Production code does not import test helpers.',
        },
      },
      create(context) {
        const root = import.meta.dirname;
        const file = relative(root, context.filename).replaceAll('\\', '/');
        const ownModule = /^src\/modules\/([^/]+)\//.exec(file)?.[1];
        const inPlatform = file.startsWith('src/platform/');
        const isTest = /\.test\.tsx?$|\.fixture\.tsx?$/.test(file);
        const check = (node, specifier) => {
          if (typeof specifier !== 'string' || !specifier.startsWith('.')) return;
          const target = relative(root, resolve(dirname(context.filename), specifier)).replaceAll('\\', '/');
          const repository = /^src\/modules\/([^/]+)\/[^/]+\.repository\.js$/.exec(target);
          if (ownModule && repository && repository[1] !== ownModule) {
            context.report({ node, messageId: 'repository', data: { module: repository[1] } });
          }
          if ((ownModule || inPlatform) && /^src\/(app-deps|app|server)\.js$/.test(target)) {
            context.report({
              node,
              messageId: 'compositionRoot',
              data: { file: target.replace(/\.js$/, '.ts') },
            });
          }
          if (inPlatform && target.startsWith('src/modules/'))
            context.report({ node, messageId: 'platformToModule' });
          if (file.startsWith('src/') && !isTest && target.startsWith('tests/')) {
            context.report({ node, messageId: 'testHelper' });
          }
        };
        return {
          ImportDeclaration: (node) => check(node, node.source.value),
          ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
          ExportAllDeclaration: (node) => check(node, node.source.value),
          ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
        };
      },
    },
  },
};

export default tseslint.config(
  { ignores: ['dist/', 'data/', 'node_modules/', 'content/', 'public/', 'scripts/'] },
  eslint.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      // Fastify plugins and hooks are async by contract even when a given one awaits nothing.
      '@typescript-eslint/require-await': 'off',
      // FastifyReply is thenable, so this rule would have every `return reply…` in a try block awaited.
      '@typescript-eslint/return-await': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { varsIgnorePattern: '^_', argsIgnorePattern: '^_' }],
    },
  },
  { files: ['src/**/*.{ts,tsx}'], plugins: { boundaries }, rules: { 'boundaries/imports': 'error' } },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
);
