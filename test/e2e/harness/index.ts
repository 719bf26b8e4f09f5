/** The end-to-end harness: a world of real `pigeonpost` processes and a headless Chromium reader. */
export { createWorld, copyTree, SERVED_HOSTS, type World, type Host, type Published } from './world.ts';
export { startHostileMirror, flipByte, type HostileMirror, type MirrorMode } from './hostile-mirror.ts';
export { Reader, CHROMIUM_ARGS, CHROMIUM_PATH, E2E_ENABLED, waitForController, request, getStatus, syncNow, syncFresh, getMirrors, waitForSyncAfter, storedArticles } from './browser.ts';
export { pigeonpost, startServe, REPO, type ServeProcess } from './cli.ts';
export { freePort, freePorts } from './ports.ts';
