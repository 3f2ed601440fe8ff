import { makeFakeMedia } from '../support/fake-media.js';
import { launchChromiumEngine } from './chromium.js';
import type { EngineBrowser, EngineName } from './engine.js';
import { launchFirefoxEngine } from './firefox.js';
import { launchWebKitEngine } from './webkit.js';

/** Starts one engine with fake camera and microphone (Chromium: files; Firefox and WebKit: their own mocks). */
export async function launchEngine(name: EngineName): Promise<EngineBrowser> {
  if (name === 'chromium') return launchChromiumEngine(await makeFakeMedia());
  if (name === 'firefox') return launchFirefoxEngine();
  return launchWebKitEngine();
}
