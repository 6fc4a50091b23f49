import { Readable } from "node:stream";
import {
  GetObjectCommand,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { ObjectInfo, ObjectStore } from "../domain/ports";
import { attachmentDisposition } from "./content-disposition";

const metadata = (info: ObjectInfo) => ({
  ContentType: info.contentType,
  ...(info.fileName ? { ContentDisposition: attachmentDisposition(info.fileName) } : {}),
});

/** The object store on S3: the bucket encrypts, versions and expires (infra/files.ts); downloads are presigned. */
export function createS3Objects(client: S3Client, bucket: string): ObjectStore {
  return {
    async put(key, body, info) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...metadata(info) }));
    },
    async putStream(key, body, info) {
      let bytes = 0;
      async function* counted() {
        for await (const chunk of body) {
          bytes += chunk.byteLength;
          yield chunk;
        }
      }
      // A multipart upload of 5 MB parts: a province's export is written while it is produced.
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key: key, Body: Readable.from(counted()), ...metadata(info) },
        queueSize: 2,
      });
      await upload.done();
      return { bytes };
    },
    async get(key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return out.Body ? await out.Body.transformToByteArray() : undefined;
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return undefined;
        throw error;
      }
    },
    async downloadUrl(key, info) {
      return getSignedUrl(
        client,
        new GetObjectCommand({
          Bucket: bucket,
          Key: key,
          ResponseContentType: info.contentType,
          ...(info.fileName ? { ResponseContentDisposition: attachmentDisposition(info.fileName) } : {}),
        }),
        { expiresIn: info.expiresInSeconds },
      );
    },
    async uploadUrl(key, info) {
      // A presigned PUT: the file goes from the official's machine to the bucket, never through the API.
      return getSignedUrl(client, new PutObjectCommand({ Bucket: bucket, Key: key }), {
        expiresIn: info.expiresInSeconds,
      });
    },
    async size(key) {
      try {
        const out = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return out.ContentLength ?? 0;
      } catch (error) {
        if (error instanceof NotFound || (error as { name?: string }).name === "NotFound") return undefined;
        throw error;
      }
    },
  };
}
