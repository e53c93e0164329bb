/** Node-only parts of the SDK (`@shian/sdk/node`): the browser and Workers builds stay free of `node:` imports. */
export { FileQueueStorage } from "./file-queue-storage";
