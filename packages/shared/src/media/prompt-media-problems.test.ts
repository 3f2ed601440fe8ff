import { describe, expect, it } from 'vitest';
import { FlowDefinition } from '../flow/flow.schema.js';
import type { MediaAssetInfo } from './media-asset.schema.js';
import { promptMediaFlowProblems } from './prompt-media-problems.js';
import { resolvePromptMedia } from './resolve-prompt-media.js';

const GONE = 'mda_gone000000000000000';
const BUSY = 'mda_busy000000000000000';

const busy = { id: BUSY, name: 'Intro', kind: 'video', status: 'processing', reason: null, files: [] } as unknown as MediaAssetInfo;

const flow = FlowDefinition.parse({
  name: 'Media problems',
  steps: [
    { id: 'a', prompt: { media: { assetId: GONE } }, answer: { type: 'rating' }, next: 'b' },
    { id: 'b', prompt: { title: 'no media' }, answer: { type: 'rating' }, next: 'a2' },
    // The same id twice, as a draft may have while it is edited: each problem stays at its own step.
    { id: 'a', prompt: { media: { assetId: BUSY } }, answer: { type: 'rating' }, next: 'end' },
    { id: 'end', prompt: {}, answer: { type: 'end' } },
  ],
});

describe('promptMediaFlowProblems', () => {
  it('puts each media problem at its own step’s prompt.media.assetId, with a code of its own', () => {
    const { problems } = resolvePromptMedia(flow, (id) => (id === BUSY ? busy : undefined));
    expect(promptMediaFlowProblems(flow, problems)).toEqual([
      { code: 'media-missing', path: ['steps', 0, 'prompt', 'media', 'assetId'], message: `step "a": media ${GONE} is not in this workspace's library` },
      { code: 'media-not-ready', path: ['steps', 2, 'prompt', 'media', 'assetId'], message: `step "a": media "Intro" (${BUSY}) is processing` },
    ]);
  });

  it('finds nothing when every asset plays', () => {
    expect(promptMediaFlowProblems(flow, [])).toEqual([]);
  });
});
