// The Hono environment shared by every route group: the bindings declared in wrangler.toml.
export type AppEnv = { Bindings: Env }
