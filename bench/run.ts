/**
 * `pnpm bench`: prints `bench: <name> <value> <unit>` lines. Rates come with a ratio against
 * a baseline measured in the same run (openssl speed, a bare Hono handler), because absolute
 * times on shared machines vary by 2×. `pnpm bench fsma` runs the FSMA 204 export; `pnpm bench gs1` GS1 Digital Link parsing; `pnpm bench epcis` the EPCIS 2.0 export of 1,000,000 events; `pnpm bench sdk`, `pnpm bench api`,
 * `pnpm bench scanner`, `pnpm bench worker`, `pnpm bench merchants`, `pnpm bench client`, `pnpm bench analytics` or `pnpm bench lockdown` runs one part.
 */
import { benchAnalytics } from "./analytics";
import { benchApi } from "./api";
import { benchClient } from "./client";
import { benchEpcis } from "./epcis";
import { benchFsma } from "./fsma";
import { benchGs1 } from "./gs1";
import { benchLockdown } from "./lockdown";
import { benchMerchants } from "./merchants";
import { benchScanner } from "./scanner";
import { benchSdk } from "./sdk";
import { benchWorker } from "./worker";

const only = process.argv[2];
if (!only || only === "sdk") await benchSdk();
if (!only || only === "api") await benchApi();
if (!only || only === "scanner") await benchScanner();
if (!only || only === "worker") await benchWorker();
if (!only || only === "merchants") await benchMerchants();
if (!only || only === "client") await benchClient();
if (!only || only === "fsma") await benchFsma();
if (!only || only === "gs1") await benchGs1();
if (!only || only === "epcis") await benchEpcis();
if (!only || only === "analytics") await benchAnalytics();
if (!only || only === "lockdown") await benchLockdown();
