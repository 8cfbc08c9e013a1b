/**
 * An S3 client for S3-compatible servers (MinIO, s3rver) as much as for AWS: path-style
 * addressing, checksums only where an operation requires them, bounded connects and stalls.
 */
import { S3Client } from "@aws-sdk/client-s3";

export interface S3ClientOptions {
  region: string;
  /** A URL with scheme; undefined for AWS itself. */
  endpointUrl: string | undefined;
  /** Static credentials; undefined for the SDK's default chain (IAM, profiles, ...). */
  credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string | undefined } | undefined;
  /** TCP connect timeout per attempt. Default 3 s. */
  connectionTimeoutMs?: number | undefined;
  /** Socket inactivity timeout per request, response body included. Default 30 s. */
  inactivityTimeoutMs?: number | undefined;
  /** Attempts per request, retries included. Default 3. */
  maxAttempts?: number | undefined;
}

export function createS3Client(options: S3ClientOptions): S3Client {
  return new S3Client({
    region: options.region,
    endpoint: options.endpointUrl,
    forcePathStyle: true,
    // A copy: the SDK marks credential objects it is given (a frozen config object breaks it).
    credentials: options.credentials ? { ...options.credentials } : undefined,
    maxAttempts: options.maxAttempts ?? 3,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: {
      connectionTimeout: options.connectionTimeoutMs ?? 3_000,
      // socketTimeout is the inactivity timeout that also covers a stalled body; this SDK's
      // requestTimeout only bounds the wait for headers, and only logs when it expires.
      socketTimeout: options.inactivityTimeoutMs ?? 30_000,
    },
  });
}
