// A GitLab REST API double for project CI/CD variables: exactly the endpoints the GitLab store uses (read a
// project, read, create and update a variable per environment scope), answering as GitLab documents them. It
// checks PRIVATE-TOKEN, the `api` scope and the Maintainer role, applies GitLab's masking rule to masked values,
// and answers `value: null` for hidden variables.
import * as crypto from 'node:crypto';
import { type DoubleAnswer, type DoubleRequest, type RunningDouble, startHttpsDouble } from './https-double';

export interface GitLabTokenGrant {
  /** Project paths (`group/project`) the token's user is a member of. */
  readonly projects: readonly string[];
  /** @default ['api'] */
  readonly scopes?: readonly string[];
  /** @default 'maintainer' */
  readonly role?: 'developer' | 'maintainer' | 'owner';
}

export interface GitLabVariable {
  key: string;
  value: string;
  masked: boolean;
  protected: boolean;
  raw: boolean;
  hidden: boolean;
  variable_type: string;
  environment_scope: string;
  description: string | null;
}

export interface GitLabApiDouble extends RunningDouble {
  /** Adds a project; returns its numeric id. */
  addProject(path: string): number;
  issueToken(grant: GitLabTokenGrant): string;
  /** The variable as stored (tests), or undefined. */
  variable(projectPath: string, key: string, scope?: string): GitLabVariable | undefined;
  /** Removes a variable (tests that start without one). */
  deleteVariable(projectPath: string, key: string, scope?: string): void;
  /** Seeds a variable (e.g. a hidden one). */
  seedVariable(projectPath: string, variable: Partial<GitLabVariable> & { key: string; value: string }): void;
}

const MASKABLE = /^[A-Za-z0-9+/=_@:.~-]{8,}$/;

export async function startGitLabApiDouble(): Promise<GitLabApiDouble> {
  const projects = new Map<string, { id: number; variables: Map<string, GitLabVariable> }>();
  const tokens = new Map<string, Required<GitLabTokenGrant>>();
  let nextId = 1000;

  const projectFor = (idOrPath: string) => [...projects.entries()].find(([p, v]) => p === idOrPath || String(v.id) === idOrPath);
  const publicView = (v: GitLabVariable) => ({ ...v, value: v.hidden ? null : v.value });

  const handle = (req: DoubleRequest): DoubleAnswer => {
    const token = req.headers['private-token'];
    const grant = typeof token === 'string' ? tokens.get(token) : undefined;
    if (!grant) return { status: 401, body: { message: '401 Unauthorized' } };
    if (!grant.scopes.includes('api')) {
      return { status: 403, body: { error: 'insufficient_scope', error_description: 'The request requires higher privileges than provided by the access token.', scope: 'api' } };
    }
    const m = /^\/api\/v4\/projects\/([^/]+)(?:\/variables(?:\/([^/]+))?)?$/.exec(req.path);
    if (!m) return { status: 404, body: { error: '404 Not Found' } };
    const found = projectFor(decodeURIComponent(m[1]));
    if (!found || !grant.projects.includes(found[0])) return { status: 404, body: { message: '404 Project Not Found' } };
    const [path, project] = found;
    const isVariables = req.path.includes('/variables');
    if (!isVariables) return req.method === 'GET' ? { status: 200, body: { id: project.id, path_with_namespace: path } } : { status: 404, body: { error: '404 Not Found' } };
    if (grant.role === 'developer') return { status: 403, body: { message: '403 Forbidden' } };
    const key = m[2] === undefined ? undefined : decodeURIComponent(m[2]);
    const body = req.json<Partial<GitLabVariable> & { key?: string }>() ?? {};
    if (req.method === 'GET' && key !== undefined) {
      const scope = req.query.get('filter[environment_scope]');
      const matches = [...project.variables.values()].filter((v) => v.key === key && (scope === null || v.environment_scope === scope));
      if (matches.length === 0) return { status: 404, body: { message: '404 Variable Not Found' } };
      if (matches.length > 1) return { status: 409, body: { message: 'There are multiple variables with provided parameters. Please use \'filter[environment_scope]\'' } };
      return { status: 200, body: publicView(matches[0]) };
    }
    if (req.method === 'POST' && key === undefined) {
      const variable = validated({ key: body.key ?? '', ...body });
      if ('error' in variable) return { status: 400, body: { message: variable.error } };
      const id = `${variable.key}\0${variable.environment_scope}`;
      if (project.variables.has(id)) return { status: 400, body: { message: { key: [`(${variable.key}) has already been taken`] } } };
      project.variables.set(id, variable);
      return { status: 201, body: publicView(variable) };
    }
    if (req.method === 'PUT' && key !== undefined) {
      const scope = req.query.get('filter[environment_scope]') ?? '*';
      const existing = project.variables.get(`${key}\0${scope}`);
      if (!existing) return { status: 404, body: { message: '404 Variable Not Found' } };
      const variable = validated({ ...existing, ...body, key, hidden: existing.hidden });
      if ('error' in variable) return { status: 400, body: { message: variable.error } };
      project.variables.set(`${key}\0${scope}`, variable);
      return { status: 200, body: publicView(variable) };
    }
    return { status: 405, body: { message: '405 Method Not Allowed' } };
  };

  const running = await startHttpsDouble('gitlab-api', handle);
  return Object.assign(running, {
    addProject(path: string) {
      const id = nextId++;
      projects.set(path, { id, variables: new Map() });
      return id;
    },
    issueToken(grant: GitLabTokenGrant) {
      const token = `glpat-${crypto.randomBytes(15).toString('base64url')}`;
      tokens.set(token, { scopes: ['api'], role: 'maintainer', ...grant });
      return token;
    },
    variable(projectPath: string, key: string, scope = '*') {
      return projects.get(projectPath)?.variables.get(`${key}\0${scope}`);
    },
    deleteVariable(projectPath: string, key: string, scope = '*') {
      projects.get(projectPath)?.variables.delete(`${key}\0${scope}`);
    },
    seedVariable(projectPath: string, variable: Partial<GitLabVariable> & { key: string; value: string }) {
      const v = validated(variable);
      if ('error' in v) throw new Error(JSON.stringify(v.error));
      projects.get(projectPath)?.variables.set(`${v.key}\0${v.environment_scope}`, v);
    },
  });
}

function validated(input: Partial<GitLabVariable> & { key: string }): GitLabVariable | { error: unknown } {
  if (!/^[A-Za-z0-9_]{1,255}$/.test(input.key)) return { error: { key: ['can contain only letters, digits and \'_\'.'] } };
  if (typeof input.value !== 'string') return { error: { value: ['is missing'] } };
  const variable: GitLabVariable = {
    key: input.key,
    value: input.value,
    masked: input.masked ?? false,
    protected: input.protected ?? false,
    raw: input.raw ?? false,
    hidden: input.hidden ?? false,
    variable_type: input.variable_type ?? 'env_var',
    environment_scope: input.environment_scope ?? '*',
    description: input.description ?? null,
  };
  if (variable.masked && !MASKABLE.test(variable.value)) return { error: { value: ['is invalid'] } };
  return variable;
}
