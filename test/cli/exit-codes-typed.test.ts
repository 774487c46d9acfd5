// The exit-code map is typed over the closed ErrorCode union: a new code without an exit code must not compile.
// Proven with the TypeScript compiler on the real src/cli/exit-codes.ts, once as it is and once with an error
// code added to an area's union (and once with a whole new area), as a later change would add them.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const root = path.resolve(__dirname, '..', '..');
const exitCodesFile = path.join(root, 'src', 'cli', 'exit-codes.ts');
const clientErrorsFile = path.join(root, 'src', 'client', 'errors.ts');
const errorCodeFile = path.join(root, 'src', 'errors', 'error-code.ts');

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), (file) => ts.sys.readFile(file));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  // Only Node's types are needed by the files exit-codes.ts imports; jest's would only cost time.
  return { ...parsed.options, noEmit: true, incremental: false, types: ['node'] };
}

/** Parsed files shared by the three programs (the lib and @types/node files dominate the cost). */
const unchanged = new Map<string, ts.SourceFile | undefined>();

/** Type errors reported in exit-codes.ts when the given files have the given content instead. */
function exitCodeDiagnostics(replaced: Readonly<Record<string, string>> = {}): string[] {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const readSource = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const text = replaced[path.resolve(fileName)];
    if (text !== undefined) return ts.createSourceFile(fileName, text, languageVersion);
    if (!unchanged.has(fileName)) unchanged.set(fileName, readSource(fileName, languageVersion, onError, shouldCreate));
    return unchanged.get(fileName);
  };
  const program = ts.createProgram([exitCodesFile], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && path.resolve(d.file.fileName) === exitCodesFile)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

function withReplacement(file: string, search: string, replacement: string): string {
  const text = fs.readFileSync(file, 'utf8');
  expect(text).toContain(search);
  return text.replace(search, replacement);
}

test('the exit-code map compiles as it is: every error code has an exit code', () => {
  expect(exitCodeDiagnostics()).toEqual([]);
});

test('a code added to an area union without an exit code does not compile', () => {
  const clientErrors = withReplacement(clientErrorsFile, "  'VCD_CLIENT_CLOSED',\n", "  'VCD_CLIENT_CLOSED',\n  'VCD_SOMETHING_NEW',\n");
  expect(exitCodeDiagnostics({ [clientErrorsFile]: clientErrors }).join('\n')).toMatch(/'VCD_SOMETHING_NEW' is missing/);
});

test('a new area added to ErrorCode without exit codes does not compile', () => {
  const errorCode = withReplacement(errorCodeFile, '  | SynthErrorCode;', "  | SynthErrorCode\n  | 'STORE_TOKEN_REJECTED';");
  expect(exitCodeDiagnostics({ [errorCodeFile]: errorCode }).join('\n')).toMatch(/'STORE_TOKEN_REJECTED' is missing/);
});
