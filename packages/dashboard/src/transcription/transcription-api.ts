import type { TranscriptionEngineStatus } from '@reelback/shared';
import type { ApiClient } from '../api/api-client.js';

/** GET /api/v1/transcription (admins). */
export const getTranscriptionEngine = (api: ApiClient) => api.get<TranscriptionEngineStatus>('/transcription');

/** POST /api/v1/transcription/model-downloads (admins): starts fetching the default Whisper model. */
export const startModelDownload = async (api: ApiClient) => (await api.send<TranscriptionEngineStatus>('POST', '/transcription/model-downloads'))!;
