import { S3Client } from "@aws-sdk/client-s3";
import { countCalls } from "../aws-calls";
import type { PortFactory } from "../lambda-deps";
import { createS3Objects } from "../s3-objects";

/** Files: bulletin renders, exports, uploaded imports (S3). */
export const objectsPort: PortFactory<"objects"> = {
  port: "objects",
  build: ({ env }) => createS3Objects(countCalls(new S3Client({})), env.FILES_BUCKET),
};
