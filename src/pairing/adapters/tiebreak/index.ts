/** The model tie-break's parts: the OpenAI-compatible client, its circuit breaker, the prompt and the answer check. */
export { CircuitBreaker } from "./breaker.js";
export { type CallStats, modelConfigured, openAiSdk, TieBreakClient } from "./client.js";
export { buildQuestions, chunkQuestions, type FrontQuestion } from "./prompt.js";
export { parseAnswer, validateDecisions } from "./validate.js";
