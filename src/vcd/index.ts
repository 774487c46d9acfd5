// VCD facts, in one place: releases and their API versions, the supported range, the default release, the API URL form, and the
// rights the toolkit relies on with the release each exists from.
export * from './releases';
export * from './vcd-version';
export * from './rights';
export * from './api-url';
export * from './software-id';
