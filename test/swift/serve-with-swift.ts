/**
 * `openstack-broker serve` with the state store chosen by createStoreFromConfig (STATE_STORE=swift,
 * STATE_CLOUD, STATE_CONTAINER, STATE_ENCRYPTION_KEYS), for the broker-level Swift tests: run as
 * `node --import tsx test/swift/serve-with-swift.ts`. Prints the same "listening on" line as serve.
 * (Once src/cli/serve.ts builds its store with createStoreFromConfig, the tests can use the bin.)
 */
import { loadConfig } from "../../src/cli/config.js";
import { startBroker } from "../../src/cli/start-broker.js";
import { createStoreFromConfig } from "../../src/state/create-store-from-config.js";
import { createLogger } from "../../src/worker/logger.js";

const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel });
const { store } = await createStoreFromConfig({ env: process.env, stateDir: config.stateDir, onRetry: (info) => logger.warn(info, "state store retry") });
const broker = await startBroker(config, { logger, store });
process.stdout.write(`openstack-broker listening on http://${config.host}:${broker.port}\n  state: ${store.description}\n`);
process.once("SIGTERM", () => void broker.stop().then(() => process.exit(0)));
