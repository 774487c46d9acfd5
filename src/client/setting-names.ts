// How the reader of an error message sets what the message tells them to change. The library names its own
// options; the CLI and the main job pass their flags and environment variables, so no message tells a
// `vcd-token` user to set `caFile` or `operationTimeoutMs`, which they cannot.

/** What to call each setting an error message may tell the user to change. */
export interface VcdSettingNames {
  /** Where the CA that signed VCD's certificate is given. @default "the caFile option (or NODE_EXTRA_CA_CERTS)" */
  readonly caFile: string;
  /** How TLS verification is turned off. @default "insecure: true" */
  readonly insecure: string;
  /** How the time allowed for VCD's answers is raised. @default "headersTimeoutMs and operationTimeoutMs" */
  readonly timeout: string;
}

export const LIBRARY_SETTING_NAMES: VcdSettingNames = {
  caFile: 'the caFile option (or NODE_EXTRA_CA_CERTS)',
  insecure: 'insecure: true',
  timeout: 'headersTimeoutMs and operationTimeoutMs',
};
