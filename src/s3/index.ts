/** S3-compatible object storage plumbing shared by backup-s3 and offload-s3. */
export { createS3Client, type S3ClientOptions } from "./client.ts";
export { type FailureContext, isMissingBucket, isMissingKey, s3Failure } from "./errors.ts";
export { DEFAULT_PART_SIZE, MIN_PART_SIZE, putStream } from "./upload.ts";
export { isMissingBucketFailure, type ObjectBody, S3ObjectStore, type S3ObjectStoreOptions } from "./object-store.ts";
