export const ENGINE_VERSION = "shelfwise-pairing/0.1.0";
