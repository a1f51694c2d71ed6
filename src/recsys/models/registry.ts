/**
 * Every recommender model type, once: its parameters and defaults, how it is fitted and how it is loaded. The
 * CLI's choices, the serving config's model types, training and loading all read this list.
 */
import { alsModel } from "./als.js";
import { bprModel } from "./bpr.js";
import { contentModel } from "./content.js";
import { easeModel } from "./ease.js";
import { hybridModel } from "./hybrid.js";
import { itemKnnModel } from "./itemknn.js";
import { popModel } from "./pop.js";
import type { ModelSpec } from "./spec.js";
import { transitionModel } from "./transition.js";

export const MODELS = {
  pop: popModel,
  itemknn: itemKnnModel,
  ease: easeModel,
  als: alsModel,
  bpr: bprModel,
  content: contentModel,
  transition: transitionModel,
  hybrid: hybridModel,
} as const satisfies Record<string, ModelSpec>;

export type ModelType = keyof typeof MODELS;
export const MODEL_TYPES = Object.keys(MODELS) as [ModelType, ...ModelType[]];

export const isModelType = (t: unknown): t is ModelType => typeof t === "string" && Object.hasOwn(MODELS, t);
