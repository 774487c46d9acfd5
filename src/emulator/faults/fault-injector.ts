import { readFileSync } from 'node:fs';
import { FaultRuleError, type FaultAction, type FaultRule, type FaultRuleInput } from './fault-types';

const ACTION_TYPES = new Set(['latency', 'status', 'reset', 'stall', 'malformedJson', 'htmlError', 'redirect']);

/** Checks a rule from untrusted input (JSON control endpoint, fault file); throws FaultRuleError. */
export function validateFaultRule(input: unknown, where = 'fault rule'): FaultRuleInput {
  if (typeof input !== 'object' || input === null) throw new FaultRuleError(`${where}: expected an object`);
  const raw = input as Record<string, unknown>;
  let path: string | RegExp;
  if (raw.path instanceof RegExp || typeof raw.path === 'string') {
    path = raw.path;
  } else if (typeof raw.pathRegex === 'string') {
    try {
      path = new RegExp(raw.pathRegex);
    } catch (err) {
      throw new FaultRuleError(`${where}: pathRegex is not a valid regular expression (${(err as Error).message})`);
    }
  } else {
    throw new FaultRuleError(`${where}: give "path" (a path prefix such as "/oauth/") or "pathRegex"`);
  }
  if (raw.method !== undefined && typeof raw.method !== 'string') {
    throw new FaultRuleError(`${where}: "method" must be a string such as "POST"`);
  }
  const times = raw.times ?? 1;
  if (times !== 'always' && !(typeof times === 'number' && Number.isInteger(times) && times > 0)) {
    throw new FaultRuleError(`${where}: "times" must be a positive integer or "always"`);
  }
  const skip = raw.skip ?? 0;
  if (!(typeof skip === 'number' && Number.isInteger(skip) && skip >= 0)) {
    throw new FaultRuleError(`${where}: "skip" must be an integer ≥ 0 (matching requests let through before the rule applies)`);
  }
  const action = raw.action as Record<string, unknown> | undefined;
  if (!action || typeof action !== 'object' || typeof action.type !== 'string' || !ACTION_TYPES.has(action.type)) {
    throw new FaultRuleError(`${where}: "action.type" must be one of ${[...ACTION_TYPES].join(', ')}`);
  }
  const isMs = (v: unknown): boolean => typeof v === 'number' && Number.isFinite(v) && v >= 0;
  switch (action.type) {
    case 'latency':
      if (!isMs(action.ms)) throw new FaultRuleError(`${where}: latency needs "ms" ≥ 0`);
      break;
    case 'status':
      if (!(typeof action.status === 'number' && action.status >= 100 && action.status <= 599)) {
        throw new FaultRuleError(`${where}: status needs "status" between 100 and 599`);
      }
      break;
    case 'reset':
      if (action.when !== 'before' && action.when !== 'after') {
        throw new FaultRuleError(`${where}: reset needs "when": "before" or "after"`);
      }
      break;
    case 'redirect':
      if (typeof action.location !== 'string' || action.location === '') {
        throw new FaultRuleError(`${where}: redirect needs "location"`);
      }
      if (action.status !== undefined && !(typeof action.status === 'number' && action.status >= 300 && action.status <= 399)) {
        throw new FaultRuleError(`${where}: redirect "status" must be a 3xx code`);
      }
      break;
    case 'stall':
      if (action.ms !== undefined && !isMs(action.ms)) throw new FaultRuleError(`${where}: stall "ms" must be ≥ 0`);
      break;
    default:
      break;
  }
  return {
    method: raw.method as string | undefined,
    path,
    action: action as unknown as FaultAction,
    times: times as number | 'always',
    skip,
  };
}

/** Reads a JSON file holding an array of fault rules (`path` or `pathRegex`, `action`, `times`, `skip`, `method`). */
export function loadFaultFile(file: string): FaultRuleInput[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new FaultRuleError(`Cannot read fault file ${file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(parsed)) throw new FaultRuleError(`Fault file ${file}: expected a JSON array of rules`);
  return parsed.map((rule, i) => validateFaultRule(rule, `Fault file ${file} [${i}]`));
}

/** Injected faults, matched in the order they were added. */
export class FaultInjector {
  private readonly rules: FaultRule[] = [];
  private counter = 0;

  /** Adds a rule; returns it (its `id` removes it). */
  public add(input: FaultRuleInput): FaultRule {
    const valid = validateFaultRule(input);
    const rule: FaultRule = {
      id: `fault-${++this.counter}`,
      method: valid.method?.toUpperCase(),
      path: valid.path,
      action: valid.action,
      remaining: valid.times ?? 1,
      skip: valid.skip ?? 0,
      applied: 0,
    };
    this.rules.push(rule);
    return rule;
  }

  public remove(id: string): boolean {
    const index = this.rules.findIndex((r) => r.id === id);
    if (index < 0) return false;
    this.rules.splice(index, 1);
    return true;
  }

  public clear(): void {
    this.rules.length = 0;
  }

  /** Active rules (copies). */
  public list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The action for this request, consuming one application of the first matching rule. */
  public take(method: string, pathname: string): { id: string; action: FaultAction } | undefined {
    if (this.rules.length === 0) return undefined;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i];
      if (rule.method && rule.method !== method) continue;
      const matches = typeof rule.path === 'string' ? pathname.startsWith(rule.path) : rule.path.test(pathname);
      if (!matches) continue;
      if (rule.skip > 0) {
        rule.skip--;
        continue;
      }
      rule.applied++;
      if (rule.remaining !== 'always') {
        rule.remaining--;
        if (rule.remaining <= 0) this.rules.splice(i, 1);
      }
      return { id: rule.id, action: rule.action };
    }
    return undefined;
  }
}
