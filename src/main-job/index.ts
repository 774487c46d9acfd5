// The main job as a library (tests run it in-process).
export { runMainJob, type MainJobOptions, type MainJobResult } from './main-job';
