// @marginkit/book public API. Each module adds its exports here explicitly.
export type { BucketAccount } from './bucket';
export { accountBucket, readBucket } from './bucket';
export type { FailureReason, AccountFailure } from './failure';
export type { PartitionOptions, PartitionResult, BucketInfo, PartitionFailure } from './partition';
export { partitionPositions, bucketPath, MAX_PARTITION_ERRORS } from './partition';
export type { ClearingHouseTotalJson, TotalsJson } from './totals';
export { BookTotals } from './totals';
export type { BookMarginOptions, ChunkResult } from './chunk';
export { marginChunk, marginBucket, chunkResultToJson, chunkResultFromJson, chunkResultToBytes, chunkResultFromBytes } from './chunk';
export type { BookInputs, FileDigest } from './inputs';
export { loadBookContext, digestFile } from './inputs';
export { writeFileAtomic } from './atomic';
export type { BookRunOptions, BookManifest, ChunkMeta, PartitionIndex } from './run-dir';
export { RunDirectory, ResultMerger, makeManifest, MANIFEST_SCHEMA_VERSION } from './run-dir';
export type { ChunkTask } from './task';
export { runChunkTask, prepareChunkTask } from './task';
export type { ChunkSink, RunPlan, ChunkExecutor, BookProgress, RunBookSettings, BookRunErrorTag, BookRunError, BookSummary } from './run';
export { runBook, sameThreadExecutor, defaultChunks, SUMMARY_SCHEMA_VERSION } from './run';
