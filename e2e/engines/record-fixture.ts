// Records a short take in an engine as the widget recorded when packages/server/src/media/fixtures/ were made
// (MediaRecorder, one-second timeslice, the tail asked for before the stop) and writes its bytes. The widget now
// also runs an MP4 take on, silenced, past the press (recorder.component.ts `_stop`); the files' shape is the same.
//   node --import tsx e2e/engines/record-fixture.ts <firefox|webkit|chromium> <audio|video> <out-file>
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EngineName } from './engine.js';
import { launchEngine } from './launch.js';

const [engine, kind, out] = process.argv.slice(2) as [EngineName, 'audio' | 'video', string];
const page = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>record</title>'));
await new Promise<void>((resolve) => page.listen(0, '127.0.0.1', resolve));
const browser = await launchEngine(engine);
try {
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${(page.address() as AddressInfo).port}/`);
  const take = await tab.run<{ type: string; base64: string; sizes: number[] }>(
    `const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: args.kind === 'video' && { width: 320, height: 240 } });
    const types = args.kind === 'video' ? ['video/mp4;codecs=avc1,mp4a.40.2', 'video/webm;codecs=vp8,opus', 'video/mp4'] : ['audio/mp4', 'audio/webm;codecs=opus'];
    const mimeType = types.find((t) => MediaRecorder.isTypeSupported(t)) || '';
    const recorder = new MediaRecorder(stream, mimeType ? { mimeType, audioBitsPerSecond: 96000 } : {});
    const chunks = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.start(1000);
    const type = recorder.mimeType;
    await new Promise((r) => setTimeout(r, 2500));
    const tail = new Promise((r) => recorder.addEventListener('dataavailable', (event) => event.data.size && r()));
    recorder.requestData();
    await Promise.race([tail, new Promise((r) => setTimeout(r, 1500))]);
    recorder.stop();
    await new Promise((r) => (recorder.onstop = r));
    stream.getTracks().forEach((track) => track.stop());
    const bytes = new Uint8Array(await new Blob(chunks).arrayBuffer());
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return { type, base64: btoa(binary), sizes: chunks.map((chunk) => chunk.size) };`,
    { kind },
  );
  await writeFile(out, Buffer.from(take.base64, 'base64'));
  console.log(`${engine} recorded ${take.type}: chunks of ${take.sizes.join(', ')} bytes → ${out}`);
} finally {
  await browser.close();
  page.close();
}
