/** Just the parts of the untyped `rocksdb` binding (abstract-leveldown 7 API) that rocks.ts uses. */
declare module "rocksdb" {
  type Callback<T = void> = (error: Error | null | undefined, value?: T) => void;
  interface RocksIterator {
    next(callback: (error: Error | null | undefined, key?: Buffer, value?: Buffer) => void): void;
    end(callback: Callback): void;
  }
  interface RocksChainedBatch {
    put(key: Buffer, value: Buffer): RocksChainedBatch;
    del(key: Buffer): RocksChainedBatch;
    write(options: { sync?: boolean }, callback: Callback): void;
  }
  interface RocksDB {
    open(options: { createIfMissing?: boolean; errorIfExists?: boolean }, callback: Callback): void;
    close(callback: Callback): void;
    get(key: Buffer, options: { asBuffer: boolean }, callback: Callback<Buffer>): void;
    getMany(
      keys: Buffer[],
      options: { asBuffer: boolean },
      callback: Callback<Array<Buffer | undefined>>,
    ): void;
    batch(
      ops: Array<{ type: "put" | "del"; key: Buffer; value?: Buffer }>,
      options: { sync?: boolean },
      callback: Callback,
    ): void;
    /** A chained batch: ops copied into one native WriteBatch as they come, written at once. */
    batch(): RocksChainedBatch;
    iterator(options: Record<string, unknown>): RocksIterator;
  }
  function rocksdb(location: string): RocksDB;
  export default rocksdb;
}
