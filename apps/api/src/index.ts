// @marginkit/api public API: build the HTTP margin service (tests, embedding) and its config.
export type { Server } from './server';
export { buildServer } from './server';
export type { ApiConfig } from './config';
export { loadConfig, ConfigError } from './config';
export { hashApiKey, newApiKey } from './api-keys';
export type { RpfVersionInfo, CatalogueInfo } from './rpf-store';
export type { BundledSample } from './sample';
export { bundledSample } from './sample';
