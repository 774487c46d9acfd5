// The GitHub and GitLab API doubles of the store matrices: repository acme/infra with environment dev-acme, project
// acme/infra, and a token for each (see ../helpers/store-doubles).
import type { RunningDouble } from '../doubles/https-double';
import { startStoreDoubles as startDoubles } from '../helpers/store-doubles';

export async function startStoreDoubles(): Promise<{ stores: Record<string, RunningDouble>; tokens: Record<string, string> }> {
  const { gh, gl, ghToken, glToken } = await startDoubles(['dev-acme']);
  return { stores: { github: gh, gitlab: gl }, tokens: { github: ghToken, gitlab: glToken } };
}
