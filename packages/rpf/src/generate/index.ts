export type { GeneratorSpec, CcSpec, UnderlyingSpec, FuturesSpec, OptionsSpec, StrikeSpec, InterSpreadSpec } from './spec';
export type { GeneratedRpf } from './generate';
export { generateRpf } from './generate';
export type { PresetName } from './presets';
export { PRESET_NAMES, presetSpec, generatePreset } from './presets';
