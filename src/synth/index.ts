// Public face of src/synth (part of the package root): synthesize a cdktf App with every stack's findings at
// once and the offline schema check, and render HCL (cdktf 0.21's own HCL output is broken).
export { synthesizeApp, type SynthesizeAppOptions, type AppSynthesis } from './synthesize-app';
export { renderHcl } from './hcl-render';
export { SynthError, type SynthErrorCode } from './synth-error';
