// Every keyword plugin, registered by name in the order breakers are sent (type confusion and
// neighbours first: they find what careful builds get wrong).
import { registerKeyword } from './registry.ts';
import { typePlugin } from './type.ts';
import { enumPlugin } from './enum.ts';
import { formatPlugin } from './format.ts';
import { minLengthPlugin, maxLengthPlugin } from './length.ts';
import { patternPlugin } from './pattern.ts';
import { minimumPlugin, exclusiveMinimumPlugin, maximumPlugin, exclusiveMaximumPlugin } from './range.ts';
import { minItemsPlugin, maxItemsPlugin, uniqueItemsPlugin, itemsPlugin } from './list.ts';

for (const plugin of [
  typePlugin,
  minLengthPlugin,
  maxLengthPlugin,
  patternPlugin,
  enumPlugin,
  formatPlugin,
  minimumPlugin,
  exclusiveMinimumPlugin,
  maximumPlugin,
  exclusiveMaximumPlugin,
  minItemsPlugin,
  maxItemsPlugin,
  uniqueItemsPlugin,
  itemsPlugin,
]) {
  registerKeyword(plugin);
}

export { keywordPlugin, registeredKeywords, registerKeyword } from './registry.ts';
export { negate } from './negation.ts';
export type { KeywordPlugin } from './types.ts';
