import * as z from 'zod';

/** The optional language model: any OpenAI-compatible chat endpoint (a hosted model, or Ollama / vLLM / llama.cpp). */
export interface LlmSettings {
  /** e.g. `https://api.openai.com` or `http://127.0.0.1:11434` (Ollama); `/v1/chat/completions` is added. */
  baseUrl: string;
  apiKey: string | null;
  model: string;
}

const Env = z.object({
  REELBACK_LLM_URL: z.string().trim().optional(),
  REELBACK_LLM_KEY: z.string().trim().optional(),
  REELBACK_LLM_MODEL: z.string().trim().optional(),
});

/**
 * Reads `REELBACK_LLM_URL`, `REELBACK_LLM_KEY`, `REELBACK_LLM_MODEL`. Off (null) unless a URL is set: viewers' words
 * leave the server only when an operator chose so. A URL without a model is a mistake worth stopping for.
 */
export function llmSettingsFromEnv(env: Record<string, string | undefined>): { ok: true; settings: LlmSettings | null } | { ok: false; problem: string } {
  const parsed = Env.parse(env);
  const url = parsed.REELBACK_LLM_URL || '';
  if (!url) return { ok: true, settings: null };
  let valid: URL;
  try {
    valid = new URL(url);
  } catch {
    return { ok: false, problem: `REELBACK_LLM_URL is not a valid URL: "${url}"` };
  }
  if (valid.protocol !== 'http:' && valid.protocol !== 'https:') return { ok: false, problem: 'REELBACK_LLM_URL must start with http:// or https://' };
  if (!parsed.REELBACK_LLM_MODEL) return { ok: false, problem: 'REELBACK_LLM_URL is set but REELBACK_LLM_MODEL is not: name the model the endpoint should run (e.g. "llama3.1:8b" or "gpt-4o-mini")' };
  return { ok: true, settings: { baseUrl: url, apiKey: parsed.REELBACK_LLM_KEY || null, model: parsed.REELBACK_LLM_MODEL } };
}
