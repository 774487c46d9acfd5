// Imported first by the cdktf app entry: HashiCorp's checkpoint (version and telemetry calls home) stays off
// unless the user chose otherwise, and must be off before cdktf is loaded.
if (process.env.CHECKPOINT_DISABLE === undefined) process.env.CHECKPOINT_DISABLE = '1';

export {};
