/**
 * A FIFO async mutex. Writes to one shard are serialised through it so read-modify-write
 * sequences (upserts, merges, reference appends) never interleave.
 */
export class Mutex {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `task` after every previously queued task has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    // The queue continues whether the task failed or not; the caller sees the failure.
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
