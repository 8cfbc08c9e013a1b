/** offload-s3: the tenants' OffloadStore port on an S3-compatible bucket (AWS, MinIO). */
export { createOffloadStore, S3OffloadStore, type S3OffloadTuning } from "./store.ts";
