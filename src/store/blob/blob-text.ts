import { RestError, type BlockBlobClient } from '@azure/storage-blob';

/**
 * A blob's text and ETag, read in one GET so the text is one version of the blob (a ranged
 * download could mix two, when another instance writes meanwhile); undefined when there is none.
 */
export async function readBlobText(blob: BlockBlobClient): Promise<{ text: string; etag: string | undefined } | undefined> {
  try {
    const response = await blob.download();
    const chunks: Buffer[] = [];
    for await (const chunk of response.readableStreamBody ?? []) chunks.push(Buffer.from(chunk as Buffer));
    return { text: Buffer.concat(chunks).toString('utf8'), etag: response.etag };
  } catch (error) {
    if (error instanceof RestError && error.statusCode === 404) return undefined;
    throw error;
  }
}
