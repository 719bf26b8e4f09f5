// Types for gc-relaunch.mjs (plain JavaScript: the pigeonpost launcher loads it before tsx).
export declare const SINGLE_THREADED_GC: '--single-threaded-gc';
export declare function publishV8Options(cores?: number): string[];
export declare function missingV8Options(): string[];
export declare function relaunchWithV8Options(entry: string, options: readonly string[]): Promise<never>;
