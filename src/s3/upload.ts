/**
 * Streaming uploads: a body that fits one part goes as one PUT; a longer one is regrouped into
 * parts of a fixed size, PARTS_IN_FLIGHT of them travelling at once (their round trips overlap,
 * as the SDK's own Upload does), so memory stays bounded at a few parts whatever the size. A
 * failure aborts the multipart upload: abandoned parts cost storage and never show as an object.
 */
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  type S3Client,
  UploadPartCommand,
} from "@aws-sdk/client-s3";
import { AppError } from "../errors/index.ts";

const PARTS_IN_FLIGHT = 3;
/** S3's smallest part (the last one excepted). */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

/**
 * Stores `source` at `key`. A short first part is the whole body: one PUT. A full one may have
 * more behind it; the multipart upload starts right away so its first part travels while the
 * next is read. On failure the source is released and the error rethrown as the SDK gave it.
 */
export async function putStream(
  client: S3Client,
  bucket: string,
  key: string,
  source: AsyncIterable<string | Buffer> | Iterable<Buffer>,
  partSize: number,
): Promise<{ bytes: number }> {
  const parts = partsOf(source, partSize);
  try {
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    if (firstPart.length < partSize) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: firstPart, ContentLength: firstPart.length }));
      return { bytes: firstPart.length };
    }
    return await uploadMultipart(client, bucket, key, firstPart, parts);
  } catch (error) {
    await parts.return(undefined);
    throw error;
  }
}

/** Uploads `first` and then every part of `rest` as one object. */
async function uploadMultipart(
  client: S3Client,
  bucket: string,
  objectKey: string,
  first: Buffer,
  rest: AsyncIterable<Buffer>,
): Promise<{ bytes: number }> {
  const created = await client.send(
    new CreateMultipartUploadCommand({ Bucket: bucket, Key: objectKey }),
  );
  const uploadId = created.UploadId;
  if (!uploadId) throw new AppError("INTERNAL", `multipart upload of '${objectKey}' in bucket '${bucket}' got no upload id`);
  const done: Array<{ ETag: string | undefined; PartNumber: number }> = [];
  let bytes = 0;
  let partNumber = 0;
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const upload = async (part: Buffer) => {
    const PartNumber = ++partNumber;
    const { ETag } = await client.send(
      new UploadPartCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId, PartNumber, Body: part }),
    );
    done.push({ ETag, PartNumber });
    bytes += part.length;
  };
  const start = async (part: Buffer) => {
    const sending: Promise<void> = upload(part).then(
      () => void inFlight.delete(sending),
      (error: unknown) => {
        inFlight.delete(sending);
        failure ??= error;
      },
    );
    inFlight.add(sending);
    while (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
    if (failure) throw failure;
  };
  try {
    try {
      await start(first);
      for await (const part of rest) await start(part);
    } finally {
      await Promise.all(inFlight);
    }
    if (failure) throw failure;
    done.sort((a, b) => a.PartNumber - b.PartNumber);
    await client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: objectKey,
        UploadId: uploadId,
        MultipartUpload: { Parts: done },
      }),
    );
    return { bytes };
  } catch (error) {
    // Abandoned parts cost storage and are never visible as an object; drop them.
    await client
      .send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: objectKey, UploadId: uploadId }))
      .catch(() => undefined);
    throw error;
  }
}

/**
 * Regroups a stream into buffers of exactly `size` bytes (the last one shorter), holding at most
 * about one part plus one incoming chunk in memory.
 */
async function* partsOf(
  source: AsyncIterable<string | Buffer> | Iterable<Buffer>,
  size: number,
): AsyncGenerator<Buffer, void, undefined> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    pending.push(buffer);
    pendingBytes += buffer.length;
    while (pendingBytes >= size) {
      const all = Buffer.concat(pending, pendingBytes);
      yield all.subarray(0, size);
      const rest = all.subarray(size);
      pending = rest.length > 0 ? [rest] : [];
      pendingBytes = rest.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}
