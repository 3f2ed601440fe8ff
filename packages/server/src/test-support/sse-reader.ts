/** One server-sent message as a client sees it (test support). */
export interface SseMessage {
  event: string | null;
  id: string | null;
  data: string;
  /** Comment lines (`: ping`), without the colon. */
  comments: string[];
}

/**
 * Reads a `text/event-stream` body message by message, for tests: `next()` waits for the next message (or comment
 * block) and fails after `timeoutMs`.
 */
export class SseReader {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly decoder = new TextDecoder();
  private buffer = '';
  private pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;

  constructor(body: ReadableStream<Uint8Array>) {
    this.reader = body.getReader();
  }

  async next(timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const end = this.buffer.indexOf('\n\n');
      if (end >= 0) {
        const block = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end + 2);
        return parse(block);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no server-sent message within ${timeoutMs} ms (have: ${JSON.stringify(this.buffer)})`);
      // A read left waiting by a timeout is reused, so no bytes are lost.
      this.pending ??= this.reader.read();
      let timer: NodeJS.Timeout | undefined;
      const result = await Promise.race([
        this.pending,
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), left);
        }),
      ]);
      clearTimeout(timer);
      if (result === 'timeout') continue;
      this.pending = null;
      if (result.done) throw new Error('the stream ended');
      this.buffer += this.decoder.decode(result.value, { stream: true });
    }
  }

  /** The next message that is not only comments. */
  async nextMessage(timeoutMs = 5000): Promise<SseMessage> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = await this.next(Math.max(1, deadline - Date.now()));
      if (message.event !== null || message.data !== '') return message;
    }
  }

  /** Nothing but comments arrives for `ms`. */
  async expectQuiet(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) return;
      let message: SseMessage;
      try {
        message = await this.next(left);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('no server-sent message')) return;
        throw error;
      }
      if (message.event !== null || message.data !== '') throw new Error(`expected no message, got ${JSON.stringify(message)}`);
    }
  }

  async close(): Promise<void> {
    await this.reader.cancel();
  }
}

function parse(block: string): SseMessage {
  const message: SseMessage = { event: null, id: null, data: '', comments: [] };
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) message.comments.push(line.slice(1).trim());
    else if (line.startsWith('event: ')) message.event = line.slice(7);
    else if (line.startsWith('id: ')) message.id = line.slice(4);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  message.data = data.join('\n');
  return message;
}
