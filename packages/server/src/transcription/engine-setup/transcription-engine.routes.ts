import { TranscriptionEngineStatus } from '@reelback/shared';
import { type ApiRoute, defineRoute } from '../../http/route.js';
import type { EngineSetup } from './engine-setup.service.js';

const tag = 'Transcripts';

/** Admins see which engine transcribes and may fetch the default Whisper model (the dashboard's banner). */
export function transcriptionEngineRoutes(setup: EngineSetup): ApiRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/transcription',
      operationId: 'getTranscriptionEngine',
      summary: 'Which engine transcribes, whether a Whisper model can be fetched, and the download and build progress',
      tag,
      access: 'owner',
      minRole: 'admin',
      responses: { 200: { description: 'The transcription engine and its setup', schema: TranscriptionEngineStatus } },
      handler: async ({ c }) => {
        c.header('Cache-Control', 'no-store');
        return c.json(await setup.status(), 200);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/transcription/model-downloads',
      operationId: 'startModelDownload',
      summary: 'Fetch the default English Whisper model (checksum checked); whisper.cpp is built after it, in the background',
      description: 'Answers at once; `GET /api/v1/transcription` reports the progress. Asking again while a download runs changes nothing.',
      tag,
      access: 'owner',
      minRole: 'admin',
      responses: {
        202: { description: 'The download runs (or ran already)', schema: TranscriptionEngineStatus },
        409: { description: 'A model is there already, or the server does not use Whisper' },
      },
      handler: async ({ c }) => c.json(await setup.startDownload(), 202),
    }),
  ];
}
