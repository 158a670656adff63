import type { SessionPrincipal } from "@klinik/db";
import type { ServiceDeps } from "./services/deps.ts";

export type { AppDeps } from "./services/deps.ts";

export type Env = {
  Variables: {
    deps: ServiceDeps;
    principal: SessionPrincipal;
    /** The caller's bearer token (API) or session cookie (UI). */
    token: string;
    /** Set by `limitBody` when the body is read straight from the socket (see body.ts). */
    directBodyLimit?: number;
  };
};
