/** Runs `fn` at most once per `ms`, always with the latest call's effect (trailing edge). */
export function throttle(fn: () => void, ms: number): { schedule(): void; flush(): void; dispose(): void } {
  let timer: NodeJS.Timeout | undefined;
  let last = 0;
  let pending = false;
  const run = () => {
    timer = undefined;
    pending = false;
    last = Date.now();
    fn();
  };
  return {
    schedule() {
      pending = true;
      if (timer) return;
      const wait = Math.max(0, ms - (Date.now() - last));
      timer = setTimeout(run, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      if (pending) run();
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}
