import { join } from 'node:path';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'compose');

/** 57 busybox services with the dependency graph of getsentry/self-hosted. */
export const SENTRY_SHAPE = join(FIXTURES, 'sentry-shape', 'compose.yaml');
