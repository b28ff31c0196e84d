// Entry of the reading worker threads: loads the TypeScript task through tsx, in every way the server runs
// (tsx CLI, `node --import tsx`, vitest, the Docker image), since a worker does not inherit every loader.
import { register } from 'tsx/esm/api';

register();
const { default: run } = await import('./read.worker.ts');
export default run;
