// Test helpers: fresh app/stack, synthesized JSON as an object, and synth-with-validations.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { IConstruct } from 'constructs';

export const URL = 'https://vcd.example.com/api';

export function newStack(id = 'stack'): { app: App; stack: TerraformStack } {
  const app = Testing.app();
  const stack = new TerraformStack(app, id);
  return { app, stack };
}

/** The stack's Terraform JSON (aspects run, validations not). */
export function synthJson(stack: TerraformStack): any {
  return JSON.parse(Testing.synth(stack));
}

/** Full app synth (aspects, validations, error annotations); returns every file written, concatenated. */
export function fullSynthText(app: App): string {
  app.synth();
  return readTree(app.outdir);
}

function readTree(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((entry) => {
      const file = path.join(dir, entry.name);
      return entry.isDirectory() ? readTree(file) : fs.readFileSync(file, 'utf8');
    })
    .join('\n');
}

/** Messages of warning annotations on `scope` and below. */
export function warningsUnder(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/warn').map((m) => String(m.data)));
}

/** Runs `fn` and returns the thrown error (fails the test when nothing is thrown). */
export function thrownBy(fn: () => unknown): any {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to throw, but it returned normally');
}

/** Messages of error annotations on `scope` and below. */
export function errorsUnder(scope: IConstruct): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === '@cdktf/error').map((m) => String(m.data)));
}

/** Messages of the validations on `scope` and below (what synth would report for them). */
export function validationsUnder(scope: IConstruct): string[] {
  return scope.node.findAll().flatMap((c) => c.node.validate());
}
