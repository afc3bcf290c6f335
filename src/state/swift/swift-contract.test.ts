import { randomBytes, randomUUID } from "node:crypto";
import { createKeyring } from "../crypto/keyring.js";
import { describeStateStoreContract } from "../../../test/helpers/state-store-contract.js";
import { createSwiftStore, type SwiftStore } from "./create-swift-store.js";
import { describeOpenstack, devCloud } from "../../../test/helpers/openstack-test-env.js";

const keyring = createKeyring([{ id: "k1", key: new Uint8Array(randomBytes(32)) }]);
const open = (encryption: { keyring: typeof keyring } | { plaintext: true }) =>
  createSwiftStore({ cloud: devCloud("demo"), container: `osb-test-contract-${randomUUID().slice(0, 8)}`, encryption });
const cleanup = async (store: unknown) => (store as SwiftStore).raw.removeContainer();

describeOpenstack("Swift store contract (real Keystone + Swift)", () => {
  describeStateStoreContract("swift store, encrypted", () => open({ keyring }), { cleanup });
  describeStateStoreContract("swift store, plaintext", () => open({ plaintext: true }), { cleanup });
});
