import type { Actor } from "./services/actor.ts";
import type { ServiceDeps } from "./services/deps.ts";

export type { AppDeps } from "./services/deps.ts";

export type Env = {
  Variables: {
    deps: ServiceDeps;
    principal: Actor;
    /** The caller's bearer token (API) or session cookie (UI). */
    token: string;
    /** Set by `limitBody` when the body is read straight from the socket (see body.ts). */
    directBodyLimit?: number;
  };
};
