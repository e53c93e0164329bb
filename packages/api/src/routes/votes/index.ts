import { bodyLimit } from "hono/body-limit";
import { ApiError } from "../../errors/api-error";
import type { App } from "../app-types";
import { registerAdoptVoteItem } from "./adopt-item";
import { registerCastVote } from "./cast-vote";
import { registerIssueVoteToken } from "./issue-token";
import { registerProposeVoteItem } from "./propose-item";
import { registerVoteTally } from "./tally";
import { registerVoteTallyPage } from "./tally-page";

/** Public votes (你点我查): public routes under /votes (rate-limited), regulators' under /v1/votes. */
export function registerVoteRoutes(app: App) {
  app.use(
    "/votes/*",
    bodyLimit({
      maxSize: 16 * 1024,
      onError: () => {
        throw new ApiError("payload-too-large", "vote bodies are limited to 16 KiB");
      },
    }),
  );
  registerIssueVoteToken(app);
  registerProposeVoteItem(app);
  registerCastVote(app);
  registerVoteTally(app);
  registerVoteTallyPage(app);
  registerAdoptVoteItem(app);
}
