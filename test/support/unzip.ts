import { inflateRawSync } from 'node:zlib'

/**
 * One file out of a zip (a .docx or .xlsx is one), read through the central directory so the
 * sizes are right even when the writer streamed them. Enough for tests; not a general unzip.
 */
export function readZipEntry(zip: Buffer, name: string): string | null {
  // The end-of-central-directory record: signature 0x06054b50, within the last 64 KiB.
  let end = -1
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i
      break
    }
  }
  if (end < 0) throw new Error('Not a zip file')
  const count = zip.readUInt16LE(end + 10)
  let at = zip.readUInt32LE(end + 16)
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('Broken central directory')
    const method = zip.readUInt16LE(at + 10)
    const compressedSize = zip.readUInt32LE(at + 20)
    const nameLength = zip.readUInt16LE(at + 28)
    const extraLength = zip.readUInt16LE(at + 30)
    const commentLength = zip.readUInt16LE(at + 32)
    const localHeader = zip.readUInt32LE(at + 42)
    const entryName = zip.toString('utf8', at + 46, at + 46 + nameLength)
    if (entryName === name) {
      const start = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28)
      const data = zip.subarray(start, start + compressedSize)
      return (method === 0 ? data : inflateRawSync(data)).toString('utf8')
    }
    at += 46 + nameLength + extraLength + commentLength
  }
  return null
}

/** The text of a Word document's body, paragraphs on their own lines. */
export function docxText(docx: Buffer): string {
  const xml = readZipEntry(docx, 'word/document.xml')
  if (xml === null) throw new Error('No word/document.xml in the document')
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<w:tab\/>/g, '\t')
    .replace(/<[^>]+>/g, '')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
}
