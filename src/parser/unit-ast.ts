/** The unit tree types live in core (src/core/unit-tree.ts): the parser builds them, rules read them. */
export type * from "../core/unit-tree.js";
