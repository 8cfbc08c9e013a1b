/**
 * The offload store contract (test/contract/offload-store.contract.ts) on every implementation
 * of the OffloadStore port: today offload-s3, against a real S3 server (s3rver). S3-only
 * behaviour (multipart uploads, manifests, bucket / credential / endpoint failures) stays in
 * offload-s3.test.ts. Another implementation is one more `offloadStoreContract` call.
 */
import { randomBytes } from "node:crypto";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { createOffloadStore } from "../../src/offload-s3/index.ts";
import { offloadStoreContract } from "../contract/offload-store.contract.ts";
import { s3rverCredentials, startTestS3 } from "../helpers/s3.ts";

offloadStoreContract({
  name: "offload-s3 on s3rver",
  async setup() {
    const bucket = "weaviate-offload";
    const s3 = await startTestS3([bucket]);
    const endpoint = `http://${s3.endpoint}`;
    const store = createOffloadStore({
      bucket,
      endpoint,
      region: "us-east-1",
      credentials: { ...s3rverCredentials, sessionToken: undefined },
      autoCreate: false,
    });
    const raw = new S3Client({ region: "us-east-1", endpoint, forcePathStyle: true, credentials: s3rverCredentials });
    return {
      store,
      // offload-s3 keeps a copy's data in <Class>/<tenant>/shard.tar, beside its manifest.
      damage: async (className, tenant) => {
        const Key = `${className}/${tenant}/shard.tar`;
        await raw.send(new PutObjectCommand({ Bucket: bucket, Key, Body: randomBytes(70_000) }));
      },
      teardown: async () => {
        store.destroy();
        raw.destroy();
        await s3.stop();
      },
    };
  },
});
