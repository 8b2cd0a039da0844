/**
 * The simulator's model list, in the shape `/model/info` serves (contract §3.3), so models.json
 * reads like a LiteLLM answer. The fields the simulator computes with (context window, prices)
 * are required here even though the wire schema lets a real gateway omit them.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const ModelInfoFields = z
  .object({
    id: z.string(),
    max_tokens: z.number().int().positive().optional(),
    max_input_tokens: z.number().int().positive(),
    max_output_tokens: z.number().int().positive(),
    input_cost_per_token: z.number().nonnegative(),
    output_cost_per_token: z.number().nonnegative(),
    cache_read_input_token_cost: z.number().nonnegative().optional(),
    cache_creation_input_token_cost: z.number().nonnegative().optional(),
    litellm_provider: z.string().default('simulator'),
    mode: z.string().default('chat'),
    supports_prompt_caching: z.boolean().default(false),
    supports_response_schema: z.boolean().default(false),
  })
  // Deployments carry custom keys (db_model, key, supports_vision…); /model/info passes them on.
  .catchall(z.unknown());

export const ModelRecord = z.object({
  model_name: z.string().min(1),
  litellm_params: z.object({ model: z.string() }),
  model_info: ModelInfoFields,
});
/** What a caller writes (defaults may be left out). */
export type ModelRecord = z.input<typeof ModelRecord>;
/** A model as the simulator serves and prices it. */
export type Model = z.output<typeof ModelRecord>;

/** What `POST /__sim/models` takes: a model name plus the fields to change (or a whole new model). */
export const ModelPatch = z.object({
  model_name: z.string().min(1),
  litellm_params: z.object({ model: z.string() }).partial().optional(),
  model_info: ModelInfoFields.partial().optional(),
});
export type ModelPatch = z.input<typeof ModelPatch>;

export function loadDefaultModels(): ModelRecord[] {
  const text = readFileSync(new URL('./models.json', import.meta.url), 'utf8');
  return z.array(ModelRecord).parse(JSON.parse(text));
}

export class ModelCatalog {
  readonly #byName = new Map<string, Model>();

  constructor(models: readonly ModelRecord[]) {
    for (const model of models) this.#byName.set(model.model_name, ModelRecord.parse(model));
  }

  get(name: string): Model | undefined {
    return this.#byName.get(name);
  }

  list(): Model[] {
    return [...this.#byName.values()];
  }

  /** Merges each patch into the model of that name, or adds it; throws a ZodError when incomplete. */
  upsert(patches: readonly ModelPatch[]): void {
    const merged = patches.map((raw) => {
      const patch = ModelPatch.parse(raw);
      const current = this.#byName.get(patch.model_name);
      return ModelRecord.parse({
        model_name: patch.model_name,
        litellm_params: { ...current?.litellm_params, ...patch.litellm_params },
        model_info: { ...current?.model_info, ...patch.model_info },
      });
    });
    for (const model of merged) this.#byName.set(model.model_name, model);
  }
}
