// Synth tooling for any cdktf app built with these constructs: synthesize and check an App, render HCL, read
// what was synthesized, run an app the way `cdktf synth` does.
export { synthesizeApp, isCdktfValidationFailure, type SynthesizeAppOptions, type AppSynthesis } from './synthesize-app';
export { renderHcl, renderStackHcl } from './hcl-render';
export { ProviderSchemaIndex, checkStackDocument, checkSynthOutput, formatSchemaFinding, type SchemaFinding } from './schema-check';
export { readSynthesizedStacks, stackAuthType, type SynthesizedStack } from './manifest';
export { runCdktfApp, type RunCdktfAppOptions, type AppRun } from './run-app';
export { appEnvironment, vcdUrlOverridesFromEnvironment, CDKTF_OUTDIR_ENV, VCD_URL_OVERRIDES_ENV, VCD_ENVIRONMENTS_FILE_ENV } from './app-environment';
export { SynthError, SYNTH_ERROR_CODES, type SynthErrorCode } from './synth-error';
export { projectRoot } from './project-root';
