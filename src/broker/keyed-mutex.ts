/**
 * Serializes async sections per key (an instance id), so two requests for one instance never
 * interleave their read-check-write of the records. In-process only: the records' operation
 * states are what other broker processes see.
 */
export interface KeyedMutex {
  run<T>(key: string, section: () => Promise<T>): Promise<T>;
}

export function createKeyedMutex(): KeyedMutex {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run(key, section) {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(section, section);
      const tail = result.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
