// bench/transcribe: clips per minute and real-time factor of the transcription engines on this machine, for a ≈5 s
// and a ≈30 s clip of espeak-ng speech, and whisper.cpp called our way (WhisperTranscriber: execFile, JSON output)
// against whisper-node's own JS wrapper (shelljs, `./main` with its default flags, stdout parsed) on the same built
// binary and the same model.
//
//   pocketsphinx-lm       Debian's PocketSphinx through PocketsphinxTranscriber, its default n-gram language model
//   pocketsphinx-grammar  the same, restricted by a JSGF grammar of the spoken sentences (exact only on known sentences)
//   whisper               .cache/whisper/main through createWhisperTranscriber, threads = the cores
//   whisper-node          whisper-node 1.1.1's `whisper(file, { modelPath })`, in a child process of its own, loaded
//                         from a temporary copy of the package holding our built `main`
//   openai-compatible     not measured: it needs a service
//
// There are no real Whisper weights on this machine: both whisper rows run the weightless tiny.en-shaped model the
// tests generate, so they measure the pipeline and the encoder's cost (a 30 s window per run), not real decoding.
//
// Each run's wall time is taken around one `transcribe()` call (the wrapper's call is timed inside its own process);
// the CPU time of the engine's processes (from /proc) is reported beside it. After a warm-up round, N rounds run the
// engines one after the other, in reverse order every other round, and each figure is the median over the rounds.
// real-time factor = median processing seconds ÷ audio seconds; clips per minute = 60 ÷ median seconds.
// Usage: node --import tsx bench/transcribe/transcribe.ts [--runs 3] [--quick]
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Transcriber } from '../../packages/server/src/ports/transcriber.js';
import { PocketsphinxTranscriber } from '../../packages/server/src/transcription/pocketsphinx/pocketsphinx-transcriber.js';
import { readWavInfo } from '../../packages/server/src/transcription/pocketsphinx/wav-info.js';
import { checkWhisperBinary, createWhisperTranscriber, whisperBinaryPath } from '../../packages/server/src/transcription/whisper/index.js';
import { writeWeightlessModel } from '../../packages/server/src/test-support/weightless-model.js';
import { childrenCpuSeconds } from './proc-cpu.js';
import type { RunnerHello, RunnerReply, RunnerRequest } from './whisper-node-runner.js';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

// ── options (flags meant for the other benchmarks are ignored: `npm run bench -- …` passes them to all) ──────
const args = process.argv.slice(2);
const QUICK = args.includes('--quick');
function flag(name: string, fallback: number): number {
  const at = args.indexOf(name);
  if (at < 0) return fallback;
  const value = Number(args[at + 1]);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} needs a positive whole number`);
  return value;
}
const RUNS = flag('--runs', QUICK ? 1 : 3);
const WARM_UP = !QUICK;
const CLIP_TARGETS = QUICK ? [5] : [5, 30];
const THREADS = availableParallelism();

// Short product-feedback sentences whose every word is in the CMU dictionary (the grammar needs that).
const SENTENCES = [
  'please add dark mode',
  'the board view is too slow',
  'the timeline should show comments',
  'i could not find the export button',
  'sharing a clip with my team was easy',
  'the video stopped when i switched tabs',
  'i would pay for more storage',
  'the search does not find old answers',
] as const;
const LEAD_SECONDS = 0.3;
const GAP_SECONDS = 0.8; // a pause PocketSphinx takes as the end of an utterance (one sentence each under the grammar)
const TAIL_SECONDS = 0.3;
const RATE = 16_000;

const ENGINES = ['pocketsphinx-lm', 'pocketsphinx-grammar', 'whisper', 'whisper-node'] as const;
type Engine = (typeof ENGINES)[number];
const LABEL: Record<Engine, string> = {
  'pocketsphinx-lm': 'PocketSphinx, default language model',
  'pocketsphinx-grammar': 'PocketSphinx, JSGF grammar of the sentences',
  whisper: 'whisper.cpp our way (WhisperTranscriber)',
  'whisper-node': "whisper.cpp via whisper-node's wrapper",
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const round3 = (x: number) => Math.round(x * 1000) / 1000;

// ── clips ─────────────────────────────────────────────────────────────────────────────────────────────────
interface Clip {
  name: string;
  path: string;
  /** From the WAV header. */
  seconds: number;
  /** What was said, sentence by sentence. */
  spoken: string[];
}

/** espeak-ng says the sentence; ffmpeg makes it 16 kHz mono s16 (raw, to be laid out on the clip's timeline). */
async function speak(dir: string, text: string, i: number): Promise<Buffer> {
  const wav = join(dir, `sentence-${i}.espeak.wav`);
  const raw = join(dir, `sentence-${i}.s16`);
  await run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, text]);
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-i', wav, '-ar', String(RATE), '-ac', '1', '-f', 's16le', '-c:a', 'pcm_s16le', raw]);
  return trimSilence(await readFile(raw));
}

/** Drops espeak's own leading and trailing silence (samples under -50 dBFS), so the pauses are the clip's own. */
function trimSilence(pcm: Buffer): Buffer {
  const quiet = (i: number) => Math.abs(pcm.readInt16LE(i * 2)) < 100;
  const samples = pcm.length >> 1;
  let start = 0;
  while (start < samples && quiet(start)) start++;
  let end = samples;
  while (end > start && quiet(end - 1)) end--;
  return pcm.subarray(start * 2, end * 2);
}

/**
 * Sentences (repeated from the start when the list runs out) with pauses between them, as many as fit, then
 * silence to exactly `target` seconds; ffmpeg writes the WAV. No sentence is cut, so the grammar can match each.
 */
async function makeClip(dir: string, target: number, said: Buffer[]): Promise<Clip> {
  const silence = (seconds: number) => Buffer.alloc(Math.round(seconds * RATE) * 2);
  const parts: Buffer[] = [silence(LEAD_SECONDS)];
  const spoken: string[] = [];
  let bytes = parts[0]!.length;
  const limit = Math.round((target - TAIL_SECONDS) * RATE) * 2;
  for (let i = 0; ; i++) {
    const speech = said[i % said.length]!;
    const gap = spoken.length > 0 ? silence(GAP_SECONDS) : Buffer.alloc(0);
    if (bytes + gap.length + speech.length > limit) break;
    parts.push(gap, speech);
    spoken.push(SENTENCES[i % SENTENCES.length]!);
    bytes += gap.length + speech.length;
  }
  if (spoken.length === 0) throw new Error(`no sentence fits in a ${target} s clip`);
  parts.push(silence(target - bytes / 2 / RATE));
  const raw = join(dir, `clip-${target}s.s16`);
  const path = join(dir, `clip-${target}s.wav`);
  await writeFile(raw, Buffer.concat(parts).subarray(0, Math.round(target * RATE) * 2));
  await run('ffmpeg', ['-loglevel', 'error', '-y', '-f', 's16le', '-ar', String(RATE), '-ac', '1', '-i', raw, '-c:a', 'pcm_s16le', path]);
  const info = await readWavInfo(path);
  if (info.sampleRate !== RATE || info.channels !== 1 || info.bitsPerSample !== 16) throw new Error(`${path} is not 16 kHz mono s16`);
  return { name: `${target} s`, path, seconds: info.durationSeconds, spoken };
}

// ── word error rate ───────────────────────────────────────────────────────────────────────────────────────
const words = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(/\s+/)
    .filter(Boolean);

/** (substitutions + deletions + insertions) ÷ words said: word-level Levenshtein distance. */
function wordErrorRate(said: string, heard: string): number {
  const a = words(said);
  const b = words(heard);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return a.length === 0 ? 0 : previous[b.length]! / a.length;
}

// ── whisper-node's wrapper, in a child process, from a copy of the package ───────────────────────────────
interface WrapperRunner {
  child: ChildProcess;
  copyDir: string;
  transcribe(wav: string, modelPath: string): Promise<Extract<RunnerReply, { ok: true }>>;
  stop(): Promise<void>;
  /** Its stdout (the wrapper's own logging), last lines, for when something goes wrong. */
  log(): string;
}

/**
 * Copies whisper-node (without its node_modules) to `<dir>/node_modules/whisper-node`, links its dependencies beside
 * it (so `require('shelljs')` resolves as in the real install), and puts our built `main` where the wrapper runs it
 * (`lib/whisper.cpp/main`). Neither the repo nor node_modules is changed.
 */
async function copyWhisperNode(dir: string, binary: string): Promise<string> {
  const installed = await realpath(join(root, 'packages', 'server', 'node_modules', 'whisper-node'));
  const modules = join(dir, 'node_modules');
  const copy = join(modules, 'whisper-node');
  await mkdir(modules, { recursive: true });
  await cp(installed, copy, { recursive: true, filter: (source) => source !== join(installed, 'node_modules') });
  const requireFromInstalled = createRequire(join(installed, 'package.json'));
  const manifest = JSON.parse(await readFile(join(installed, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const dependency of Object.keys(manifest.dependencies ?? {})) {
    const at = dirname(requireFromInstalled.resolve(`${dependency}/package.json`));
    await symlink(at, join(modules, dependency), 'dir');
  }
  const main = join(copy, 'lib', 'whisper.cpp', 'main');
  await copyFile(binary, main);
  await chmod(main, 0o755);
  return copy;
}

async function startWrapperRunner(copyDir: string): Promise<WrapperRunner> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./whisper-node-runner.ts', import.meta.url)), copyDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const pending = new Map<number, { resolve: (reply: RunnerReply) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  const exited = once(child, 'exit');
  const hello = await new Promise<RunnerHello>((resolve, reject) => {
    child.once('message', (message) => resolve(message as RunnerHello));
    void exited.then(([code]) => reject(new Error(`whisper-node runner exited (${String(code)}) before it was ready:\n${lines.join('\n')}`)));
  });
  if (!hello.ready) throw new Error(`whisper-node could not be loaded from the copy: ${hello.error}`);
  child.on('message', (message: RunnerReply) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    waiting?.resolve(message);
  });
  void exited.then(([code]) => {
    for (const waiting of pending.values()) waiting.reject(new Error(`whisper-node runner exited (${String(code)}):\n${lines.join('\n')}`));
    pending.clear();
  });
  return {
    child,
    copyDir,
    log: () => lines.join('\n'),
    async transcribe(wav, modelPath) {
      const id = nextId++;
      const reply = await new Promise<RunnerReply>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, wav, modelPath } satisfies RunnerRequest);
      });
      if (!reply.ok) throw new Error(`whisper-node's wrapper threw: ${reply.error}`);
      return reply;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ── what main itself writes, each way (once per clip, outside the timings) ───────────────────────────────
/** Segment lines `[00:00:00.000 --> …]` main prints with whisper-node's default flags, run as the wrapper runs it. */
async function printedSegmentLines(copyDir: string, modelPath: string, wav: string): Promise<number> {
  const { stdout } = await run('./main', ['-ml', '1', '-m', modelPath, '-f', wav], { cwd: join(copyDir, 'lib', 'whisper.cpp'), maxBuffer: 64 << 20 });
  return (stdout.match(/\[[0-9:.]+\s-->\s[0-9:.]+\].*/g) ?? []).length;
}

/** Segments in the JSON main writes with our flags (what WhisperTranscriber parses, before it drops empty ones). */
async function jsonSegments(binary: string, modelPath: string, wav: string, dir: string): Promise<number> {
  const out = join(dir, 'direct');
  await run(binary, ['-m', modelPath, '-f', wav, '-l', 'auto', '-t', String(THREADS), '-bs', '5', '-bo', '5', '-oj', '-ojf', '-of', out], { maxBuffer: 64 << 20 });
  const json = JSON.parse(await readFile(`${out}.json`, 'utf8')) as { transcription?: unknown[] };
  await rm(`${out}.json`, { force: true });
  return json.transcription?.length ?? 0;
}

// ── one run ───────────────────────────────────────────────────────────────────────────────────────────────
interface Run {
  engine: Engine;
  clip: string;
  round: number;
  seconds: number;
  cpuSeconds: number | null;
  segments: number;
  text: string;
  /** whisper-node only: resolved undefined (its error path) instead of an array. */
  undefinedResult?: boolean;
}

// ── main ──────────────────────────────────────────────────────────────────────────────────────────────────
const work = await mkdtemp(join(tmpdir(), 'reelback-bench-transcribe-'));
let runner: WrapperRunner | undefined;
let exitCode = 0;
try {
  const startedAt = new Date();
  const loadBefore = loadavg();
  const made = performance.now();
  const said: Buffer[] = [];
  for (const [i, sentence] of SENTENCES.entries()) said.push(await speak(work, sentence, i));
  const clips: Clip[] = [];
  for (const target of CLIP_TARGETS) clips.push(await makeClip(work, target, said));
  const grammarFile = join(work, 'sentences.gram');
  await writeFile(grammarFile, `#JSGF V1.0;\ngrammar sentences;\npublic <sentence> = ${SENTENCES.join(' | ')} ;\n`);
  const modelPath = await writeWeightlessModel(join(work, 'ggml-weightless-tiny.en.bin'));
  console.log(
    `transcribe: clips of ${clips.map((c) => `${c.seconds.toFixed(3)} s (${c.spoken.length} sentences)`).join(' and ')}, ` +
      `weightless tiny.en model, made in ${((performance.now() - made) / 1000).toFixed(1)} s in ${work}`,
  );

  // Which engines can run here.
  const transcribers: Partial<Record<Engine, Transcriber>> = {};
  const notMeasured: Record<string, string> = { 'openai-compatible': 'not measured (needs a service)' };
  const sphinxLm = new PocketsphinxTranscriber();
  const sphinxGrammar = new PocketsphinxTranscriber({ grammarFile });
  const whisper = createWhisperTranscriber(modelPath, { threads: THREADS });
  for (const [engine, transcriber] of [
    ['pocketsphinx-lm', sphinxLm],
    ['pocketsphinx-grammar', sphinxGrammar],
    ['whisper', whisper],
  ] as const) {
    const health = await transcriber.check();
    if (health.ok) transcribers[engine] = transcriber;
    else notMeasured[engine] = `not available: ${health.reason}`;
  }
  const binary = whisperBinaryPath();
  const binaryHealth = await checkWhisperBinary(binary);
  if (binaryHealth.ok) {
    runner = await startWrapperRunner(await copyWhisperNode(join(work, 'whisper-node-copy'), binary));
  } else {
    notMeasured['whisper-node'] = `not available: ${binaryHealth.reason}`;
  }
  const engines = ENGINES.filter((e) => !(e in notMeasured));
  for (const [engine, why] of Object.entries(notMeasured)) console.log(`  ${engine}: ${why}`);

  async function once_(engine: Engine, clip: Clip, roundNo: number): Promise<Run> {
    if (engine === 'whisper-node') {
      const reply = await runner!.transcribe(clip.path, modelPath);
      return {
        engine,
        clip: clip.name,
        round: roundNo,
        seconds: reply.ms / 1000,
        cpuSeconds: reply.cpuSeconds,
        segments: reply.segments,
        text: reply.text,
        undefinedResult: reply.returned === 'undefined',
      };
    }
    const transcriber = transcribers[engine]!;
    const cpuBefore = childrenCpuSeconds();
    const started = performance.now();
    const result = await transcriber.transcribe(clip.path);
    const seconds = (performance.now() - started) / 1000;
    const cpuAfter = childrenCpuSeconds();
    return {
      engine,
      clip: clip.name,
      round: roundNo,
      seconds,
      cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore,
      segments: result.segments.length,
      text: result.text,
    };
  }

  // Warm-up: every engine on every clip once, not counted (page cache for models and binaries, tsx, JIT).
  if (WARM_UP) for (const engine of engines) for (const clip of clips) await once_(engine, clip, 0);

  const runs: Run[] = [];
  for (let roundNo = 1; roundNo <= RUNS; roundNo++) {
    // Odd rounds in list order, even ones reversed (the clips too): a load that drifts over the run on this
    // shared machine does not favour one engine, and the two whisper rows are always neighbours.
    const forward = roundNo % 2 === 1;
    const engineOrder = forward ? engines : [...engines].reverse();
    const clipOrder = forward ? clips : [...clips].reverse();
    for (const engine of engineOrder) {
      for (const clip of clipOrder) {
        const r = await once_(engine, clip, roundNo);
        runs.push(r);
        console.log(
          `  round ${roundNo} ${engine.padEnd(20)} ${clip.name.padStart(4)}  ${r.seconds.toFixed(3).padStart(7)} s` +
            `  CPU ${r.cpuSeconds === null ? '?' : r.cpuSeconds.toFixed(2)} s  ${r.segments} segment(s)${r.undefinedResult ? ' (resolved undefined)' : ''}`,
        );
      }
    }
  }

  // What main itself wrote for each clip, each way, to tell the wrapper's dropped first segment from empty output.
  const outputs: Record<string, { printedLinesWithWrapperFlags?: number; jsonSegmentsWithOurFlags?: number }> = {};
  for (const clip of clips) {
    outputs[clip.name] = {};
    if (runner) outputs[clip.name]!.printedLinesWithWrapperFlags = await printedSegmentLines(runner.copyDir, modelPath, clip.path);
    if (transcribers.whisper) outputs[clip.name]!.jsonSegmentsWithOurFlags = await jsonSegments(binary, modelPath, clip.path, work);
  }

  // ── figures ─────────────────────────────────────────────────────────────────────────────────────────────
  const rows = engines.flatMap((engine) =>
    clips.map((clip) => {
      const mine = runs.filter((r) => r.engine === engine && r.clip === clip.name);
      const seconds = median(mine.map((r) => r.seconds));
      const cpu = mine.every((r) => r.cpuSeconds !== null) ? median(mine.map((r) => r.cpuSeconds!)) : null;
      const last = mine.at(-1)!;
      return {
        engine,
        clip: clip.name,
        audioSeconds: round3(clip.seconds),
        runs: mine.length,
        medianSeconds: round3(seconds),
        minSeconds: round3(Math.min(...mine.map((r) => r.seconds))),
        maxSeconds: round3(Math.max(...mine.map((r) => r.seconds))),
        realTimeFactor: round3(seconds / clip.seconds),
        clipsPerMinute: Math.round((60 / seconds) * 10) / 10,
        cpuSecondsMedian: cpu === null ? null : round3(cpu),
        segments: last.segments,
        wordErrorRate: round3(wordErrorRate(clip.spoken.join(' '), last.text)),
        ...(engine === 'whisper-node' ? { resolvedUndefined: mine.some((r) => r.undefinedResult) } : {}),
        heard: last.text.length > 120 ? `${last.text.slice(0, 117)}…` : last.text,
      };
    }),
  );
  const comparison = runner && transcribers.whisper
    ? clips.map((clip) => {
        const ours = rows.find((r) => r.engine === 'whisper' && r.clip === clip.name)!;
        const theirs = rows.find((r) => r.engine === 'whisper-node' && r.clip === clip.name)!;
        const perRound = Array.from({ length: RUNS }, (_, i) => {
          const o = runs.find((r) => r.engine === 'whisper' && r.clip === clip.name && r.round === i + 1)!;
          const t = runs.find((r) => r.engine === 'whisper-node' && r.clip === clip.name && r.round === i + 1)!;
          return round3(o.seconds / t.seconds);
        });
        return {
          clip: clip.name,
          oursOverTheirsTime: round3(ours.medianSeconds / theirs.medianSeconds),
          perRound,
          perRoundMedian: round3(median(perRound)),
          oursOverTheirsCpu: ours.cpuSecondsMedian !== null && theirs.cpuSecondsMedian ? round3(ours.cpuSecondsMedian / theirs.cpuSecondsMedian) : null,
          oursSegments: ours.segments,
          theirsSegments: theirs.segments,
          theirsResolvedUndefined: theirs.resolvedUndefined ?? false,
          ...outputs[clip.name],
        };
      })
    : [];
  const loadAfter = loadavg();

  console.log(
    `\ntranscribe: ${RUNS} run(s) per engine and clip after ${WARM_UP ? 'one warm-up run each' : 'no warm-up'}, medians; ` +
      `${cpus()[0]?.model ?? 'unknown CPU'}, ${THREADS} cores, load average ${loadBefore[0]!.toFixed(1)} → ${loadAfter[0]!.toFixed(1)}`,
  );
  console.log('engine                                        clip   audio s   median s (min–max)      RTF   clips/min   CPU s   segments   WER');
  for (const r of rows) {
    console.log(
      `${LABEL[r.engine].padEnd(44)} ${r.clip.padStart(5)}   ${r.audioSeconds.toFixed(2).padStart(7)}   ` +
        `${`${r.medianSeconds.toFixed(2)} (${r.minSeconds.toFixed(2)}–${r.maxSeconds.toFixed(2)})`.padEnd(20)} ${r.realTimeFactor.toFixed(3).padStart(7)}   ` +
        `${r.clipsPerMinute.toFixed(1).padStart(9)}   ${r.cpuSecondsMedian === null ? '    ?' : r.cpuSecondsMedian.toFixed(2).padStart(5)}   ` +
        `${String(r.segments).padStart(8)}${'resolvedUndefined' in r && r.resolvedUndefined ? '*' : ' '}  ${(r.wordErrorRate * 100).toFixed(0).padStart(3)} %`,
    );
  }
  for (const [engine, why] of Object.entries(notMeasured)) console.log(`${engine.padEnd(44)} ${why}`);
  for (const r of rows) console.log(`  ${r.engine} ${r.clip} heard: ${r.heard ? `"${r.heard}"` : '(nothing)'}`);
  for (const c of comparison) {
    console.log(
      `whisper.cpp ours ÷ whisper-node's wrapper, ${c.clip}: time ${c.oursOverTheirsTime.toFixed(2)} (round by round ${c.perRound.map((x) => x.toFixed(2)).join(', ')}: median ${c.perRoundMedian.toFixed(2)}), ` +
        `CPU ${c.oursOverTheirsCpu === null ? '?' : c.oursOverTheirsCpu.toFixed(2)}; main wrote ${c.jsonSegmentsWithOurFlags ?? '?'} JSON segment(s) with our flags ` +
        `(we keep ${c.oursSegments}) and printed ${c.printedLinesWithWrapperFlags ?? '?'} segment line(s) with the wrapper's (it returned ` +
        `${c.theirsResolvedUndefined ? 'undefined' : `${c.theirsSegments}`})`,
    );
  }
  console.log(
    'WER: word error rate against what espeak-ng said (the last run\'s transcript); meaningless for the weightless whisper model, which hears no words.',
  );
  console.log(
    `flags: ours -l auto -t ${THREADS} -bs 5 -bo 5 -oj -ojf -of <temp> (JSON file, token timestamps); the wrapper's ./main -ml 1 -m <model> -f <wav> ` +
      `(main's defaults: -t ${Math.min(4, THREADS)}, -bs 5, -bo 5, -l en; -ml 1 turns token timestamps on and makes one segment per token; ` +
      `text parsed from stdout, run through /bin/sh). For an English-only model main turns -l auto into en, so both do the same inference work.`,
  );
  console.log('Both whisper rows run a weightless model: they measure the pipeline and the encoder, not the decoding of real words.');
  console.log(
    JSON.stringify({
      bench: 'transcribe',
      date: startedAt.toISOString(),
      quick: QUICK,
      runs: RUNS,
      warmUp: WARM_UP,
      threads: THREADS,
      cpu: cpus()[0]?.model ?? null,
      loadAverage: { before: round3(loadBefore[0]!), after: round3(loadAfter[0]!) },
      model: 'weightless tiny.en-shaped ggml (zero weights): pipeline and encoder cost only',
      clips: clips.map((c) => ({ name: c.name, seconds: round3(c.seconds), sentences: c.spoken.length })),
      rows,
      whisperOursVsWrapper: comparison,
      notMeasured,
    }),
  );
} catch (error) {
  console.error('transcribe bench failed:', error instanceof Error ? error.stack ?? error.message : error);
  if (runner) console.error(`whisper-node runner's last output:\n${runner.log()}`);
  exitCode = 1;
} finally {
  await runner?.stop();
  await rm(work, { recursive: true, force: true });
}
process.exitCode = exitCode;
