/**
 * The key-value store contract (test/contract/key-value-store.contract.ts) on every engine
 * behind the KeyValueStore port: today the real RocksDB, in a temp directory. Another engine is
 * one more `keyValueStoreContract` call.
 */
import { openStore } from "../../src/storage/index.ts";
import { keyValueStoreContract } from "../contract/key-value-store.contract.ts";

keyValueStoreContract({ name: "RocksDB (openStore)", open: openStore });
