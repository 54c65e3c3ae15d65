/** The template of each phone family, the family of a manufacturer, and every file name a MAC may have. */
import type { MacAddress } from '../../domain/types';
import type { PhoneVendor } from '../port';
import type { ConfigFile, RenderInput } from './files';
import { grandstreamFileNames, renderGrandstream } from './grandstream';
import { polyFileNames, renderPoly } from './poly';
import { renderYealink, yealinkFileNames } from './yealink';

const renderers: Record<PhoneVendor, (input: RenderInput) => ConfigFile[]> = { yealink: renderYealink, poly: renderPoly, grandstream: renderGrandstream };

/** The files of a phone of `vendor`, in the order to write them (a file another names comes first). */
export function renderPhoneFiles(vendor: PhoneVendor, input: RenderInput): ConfigFile[] {
  return renderers[vendor](input);
}

/** Every file name any supported phone with this MAC reads (a released MAC loses all of them). */
export function allFileNamesOf(mac: MacAddress): string[] {
  return [...new Set([...yealinkFileNames(mac), ...polyFileNames(mac), ...grandstreamFileNames(mac)])];
}

/** The family of a model's manufacturer (`Yealink`, `Poly`/`Polycom`, `Grandstream`), or undefined when none is supported. */
export function vendorOfManufacturer(manufacturer: string): PhoneVendor | undefined {
  const name = manufacturer.trim().toLowerCase();
  if (name === 'yealink') return 'yealink';
  if (name === 'poly' || name === 'polycom') return 'poly';
  if (name === 'grandstream') return 'grandstream';
  return undefined;
}
