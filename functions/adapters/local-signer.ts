/**
 * For local endpoints only (dynalite, aws-ses-v2-local): they check that a SigV4-shaped Authorization
 * header is present, not the signature. Skipping the HMAC work roughly halves the client's CPU per call,
 * which is most of a simulated year's time. Never used against AWS: the clients use it only with an
 * explicit local endpoint.
 */
export const localSigner = {
  async sign<T extends { headers: Record<string, string> }>(request: T): Promise<T> {
    const now = new Date()
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}/, "");
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=local/${now.slice(0, 8)}/local/local/aws4_request, SignedHeaders=host, Signature=local`;
    request.headers["x-amz-date"] = now;
    return request;
  },
};
