/**
 * A response body as text, or null past `maxBytes`: the body is read chunk by chunk and the rest is
 * cancelled, so that a server streaming without end costs at most the limit. Decoded as
 * `response.text()` does: UTF-8, a byte order mark dropped, bad bytes replaced.
 */
export async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (response.body === null) return '';
  const reader: ReadableStreamDefaultReader<Uint8Array> = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) return null;
      chunks.push(value);
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}
