// Which Debian packages Reelback or its tests need, how to tell whether they are there, and how to
// install the missing ones (apt-get as root, under /tmp/apt.lock) or say exactly what to install.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { BootstrapError, info, run } from './log.mjs';

/** Debian package → what proves it is installed (any one command per entry of `commands`, every file). */
export const PACKAGES = {
  ffmpeg: { commands: [['ffmpeg'], ['ffprobe']], why: 'turns recorded answers into web-playable MP4, posters and WAV' },
  chromium: { commands: [['chromium', 'chromium-browser']], env: 'CHROMIUM_PATH', why: 'headless browser for the widget and end-to-end tests' },
  'espeak-ng': { commands: [['espeak-ng']], why: 'speech for the fake microphone in tests and for demo/make-media.sh' },
  'fonts-dejavu-core': { files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf'], why: 'a font for Chromium and ffmpeg drawtext' },
  pocketsphinx: { commands: [['pocketsphinx_continuous']], why: 'offline English transcription when no Whisper model is present, and real speech-to-text in tests' },
  'pocketsphinx-en-us': { files: ['/usr/share/pocketsphinx/model/en-us/en-us/mdef'], why: "PocketSphinx's US English model" },
  python3: { commands: [['python3']], why: 'node-gyp, to compile better-sqlite3' },
  make: { commands: [['make']], why: 'node-gyp, to compile better-sqlite3' },
  'g++': { commands: [['g++']], why: 'node-gyp, to compile better-sqlite3' },
  sqlite3: { commands: [['sqlite3']], why: "the SQLite command-line tool: bench/analytics' baseline for the CSV export" },
  'firefox-esr': { commands: [['firefox-esr']], why: 'Firefox for the cross-engine end-to-end tests (driven through WebDriver BiDi)' },
  'webkit2gtk-driver': {
    commands: [['WebKitWebDriver']],
    files: ['/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser'],
    why: "WebKitGTK's WebDriver and MiniBrowser: the WebKit engine of the cross-engine end-to-end tests",
  },
  xvfb: { commands: [['xvfb-run']], why: 'a virtual display for MiniBrowser, which has no headless mode' },
  xauth: { commands: [['xauth']], why: 'xvfb-run needs it' },
  'gstreamer1.0-plugins-good': {
    files: ['/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstisomp4.so'],
    why: "WebKitGTK's media: MP4 muxing and demuxing for its MediaRecorder and playback",
  },
  'gstreamer1.0-libav': { files: ['/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstlibav.so'], why: "WebKitGTK's media: AAC and H.264 decoders" },
  // Without an AAC encoder WebKitGTK's MediaRecorder throws "unsupported on this platform" even for audio.
  'gstreamer1.0-plugins-bad': { files: ['/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstvoaacenc.so'], why: "WebKitGTK's MediaRecorder: the AAC encoder (voaacenc)" },
  'gstreamer1.0-plugins-ugly': { files: ['/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstx264.so'], why: "WebKitGTK's MediaRecorder: the H.264 encoder (x264enc)" },
};

/** What each command of scripts/reelback.mjs needs. `compile` is added when `pnpm install` has to run. */
export const NEEDS = {
  start: ['ffmpeg', 'pocketsphinx', 'pocketsphinx-en-us'],
  test: [
    'ffmpeg',
    'chromium',
    'espeak-ng',
    'fonts-dejavu-core',
    'pocketsphinx',
    'pocketsphinx-en-us',
    'firefox-esr',
    'webkit2gtk-driver',
    'xvfb',
    'xauth',
    'gstreamer1.0-plugins-good',
    'gstreamer1.0-libav',
    'gstreamer1.0-plugins-bad',
    'gstreamer1.0-plugins-ugly',
  ],
  bench: ['ffmpeg', 'sqlite3'],
  compile: ['python3', 'make', 'g++'],
};

/** Looks a command up on PATH the way a shell would. */
export function findCommand(name, path = process.env.PATH ?? '') {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export const realProbe = {
  hasCommand: (name) => findCommand(name) !== null,
  hasFile: (path) => existsSync(path),
  isExecutable: (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
  env: process.env,
};

/** Is one Debian package's evidence present? Pure given the probe, so it can be checked by hand. */
export function isPresent(pkg, probe = realProbe) {
  const spec = PACKAGES[pkg];
  if (!spec) throw new Error(`unknown system package ${pkg}`);
  if (spec.env && probe.env[spec.env] && probe.isExecutable(probe.env[spec.env])) return true;
  const commandsOk = (spec.commands ?? []).every((alternatives) => alternatives.some((c) => probe.hasCommand(c)));
  const filesOk = (spec.files ?? []).every((f) => probe.hasFile(f));
  return commandsOk && filesOk;
}

/** The packages among `wanted` (deduplicated, in order) that are not installed. */
export function missingPackages(wanted, probe = realProbe) {
  return [...new Set(wanted)].filter((pkg) => !isPresent(pkg, probe));
}

/** How we may install: 'apt' as root with apt-get, otherwise 'manual' (tell the user). */
export function installMethod(probe = realProbe, uid = process.getuid?.() ?? -1) {
  return uid === 0 && probe.hasCommand('apt-get') ? 'apt' : 'manual';
}

export function manualInstallMessage(missing) {
  const lines = missing.map((pkg) => `  - ${pkg}: ${PACKAGES[pkg].why}`);
  return [
    `Reelback needs these system packages, which are not installed:`,
    ...lines,
    `Install them and run the command again, e.g. on Debian or Ubuntu:`,
    `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`,
    `(Running as root with apt-get available, this script installs them itself.)`,
  ].join('\n');
}

/**
 * Makes sure every package in `wanted` is installed. As root with apt-get: one `apt-get update` and one
 * `apt-get install` for all missing packages together, under `flock /tmp/apt.lock` and waiting for any
 * other dpkg user. Otherwise throws a BootstrapError naming the packages. REELBACK_SKIP_SYSTEM_PACKAGES=1 skips it.
 */
export async function ensureSystemPackages(wanted, probe = realProbe) {
  if (process.env.REELBACK_SKIP_SYSTEM_PACKAGES === '1') {
    info('REELBACK_SKIP_SYSTEM_PACKAGES=1: not checking system packages');
    return [];
  }
  const missing = missingPackages(wanted, probe);
  if (missing.length === 0) {
    info(`all present: ${[...new Set(wanted)].join(', ')}`);
    return [];
  }
  if (installMethod(probe) !== 'apt') throw new BootstrapError(manualInstallMessage(missing));

  info(`installing with apt-get: ${missing.join(' ')}`);
  const apt = `apt-get -o DPkg::Lock::Timeout=900 -q`;
  const script = `${apt} update && ${apt} install -y --no-install-recommends ${missing.join(' ')}`;
  const [command, args] = probe.hasCommand('flock') ? ['flock', ['/tmp/apt.lock', 'sh', '-c', script]] : ['sh', ['-c', script]];
  const code = await run(command, args, { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: ['ignore', 'inherit', 'inherit'] });
  const stillMissing = missingPackages(missing, probe);
  if (code !== 0 || stillMissing.length > 0) {
    throw new BootstrapError(`apt-get could not install ${stillMissing.join(' ') || missing.join(' ')} (exit code ${code}).\n${manualInstallMessage(stillMissing.length ? stillMissing : missing)}`);
  }
  return missing;
}
