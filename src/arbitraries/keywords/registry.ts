// Keyword plugins registered by name. A keyword the contract uses without a plugin here is still
// exercised by the generic breaker (negation.ts); the coverage matrix shows which is which.
import type { KeywordPlugin } from './types.ts';

const plugins = new Map<string, KeywordPlugin>();

export function registerKeyword(plugin: KeywordPlugin): void {
  if (plugins.has(plugin.keyword)) throw new Error(`keyword plugin "${plugin.keyword}" registered twice`);
  plugins.set(plugin.keyword, plugin);
}

export function keywordPlugin(keyword: string): KeywordPlugin | undefined {
  return plugins.get(keyword);
}

/** Registered keywords, in registration order (the order breakers are sent in). */
export function registeredKeywords(): string[] {
  return [...plugins.keys()];
}
