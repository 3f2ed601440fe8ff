import { extract, pack } from 'tar-stream';

/** Test-only: a tar member as tests write them, including ones no export makes (links, `..` paths). */
export type TestMember =
  | { name: string; content: string | Uint8Array }
  | { name: string; type: 'symlink' | 'link'; linkname: string }
  | { name: string; type: 'directory' }
  | { name: string; type: 'fifo' };

/** A tar archive of the members, in order, as bytes. */
export async function tarOf(members: readonly TestMember[]): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const collected = (async () => {
    for await (const chunk of archive) chunks.push(chunk as Buffer);
  })();
  for (const member of members) {
    await new Promise<void>((resolve, reject) => {
      const done = (error?: Error | null) => (error ? reject(error) : resolve());
      if ('content' in member) archive.entry({ name: member.name }, typeof member.content === 'string' ? Buffer.from(member.content) : member.content, done);
      else if (member.type === 'symlink' || member.type === 'link') archive.entry({ name: member.name, type: member.type, linkname: member.linkname }, done);
      else archive.entry({ name: member.name, type: member.type }, done);
    });
  }
  archive.finalize();
  await collected;
  return Buffer.concat(chunks);
}

/** The members of a tar archive (files only) by name. */
export async function untar(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  const parser = extract();
  const files = new Map<string, Buffer>();
  const read = (async () => {
    for await (const entry of parser) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      files.set(entry.header.name, Buffer.concat(chunks));
    }
  })();
  parser.end(Buffer.from(bytes));
  await read;
  return files;
}

/** The body in chunks of `size` bytes, as a network delivers it. */
export async function* chunked(bytes: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}
