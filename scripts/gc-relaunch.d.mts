// Types for gc-relaunch.mjs (plain JavaScript: the pigeonpost launcher loads it before tsx).
export declare const SINGLE_THREADED_GC: '--single-threaded-gc';
export declare function wantsSingleThreadedGc(): boolean;
export declare function relaunchWithSingleThreadedGc(entry: string): Promise<never>;
