// The parts of autocannon's API the benchmark uses (the package ships no types).
declare module 'autocannon' {
  interface Client {
    on(event: 'response', listener: (status: number) => void): void;
  }
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    /** Stop after this many requests instead of `duration`. */
    amount?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    requests?: Array<{
      method?: string;
      path?: string;
      /** Called before each request: return it changed (a path drawn at random, say). */
      setupRequest?: (request: { method?: string; path?: string; headers?: Record<string, string> }) => {
        method?: string;
        path?: string;
        headers?: Record<string, string>;
      };
    }>;
    setupClient?: (client: Client) => void;
  }
  interface Histogram {
    average: number;
    total: number;
    p50: number;
    p99: number;
  }
  export interface Result {
    requests: Histogram;
    latency: Histogram;
    errors: number;
    non2xx: number;
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
