import { relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// `npm run build` compiles src/ into dist/ and nothing else: a production file that imports a test helper (or a
// test fixture the build forgot to exclude) breaks `start:prod`, which no other test runs.

describe('the production build', () => {
  it('compiles only files under src/, and no test or fixture', () => {
    const config = ts.getParsedCommandLineOfConfigFile(
      'tsconfig.build.json',
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!config) throw new Error('tsconfig.build.json could not be read');
    // Parsing only: no type checking, which `npm run check` does for the whole project.
    const program = ts.createProgram({
      rootNames: config.fileNames,
      options: { ...config.options, noResolve: false },
    });
    const ours = program
      .getSourceFiles()
      .map((file) => relative(process.cwd(), file.fileName))
      .filter((path) => !path.startsWith('node_modules') && !path.startsWith('..'));
    expect(ours.length).toBeGreaterThan(50);
    expect(ours.filter((path) => !path.startsWith('src/'))).toEqual([]);
    expect(ours.filter((path) => /\.(test|fixture)\.tsx?$/.test(path))).toEqual([]);
  });
});
