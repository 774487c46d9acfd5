// cdktf 0.21 tells an addressable output value from a list with `util.isArray`, which Node deprecates (DEP0044;
// Node 24 prints the warning on stderr at the first output whose value is a list or object, so every synth of
// such a stack was noisy). This replaces exactly that method, with the same test written with Array.isArray, and
// only while the method still calls util.isArray: other warnings, and a fixed cdktf (or cdktn), are left alone.
import { TerraformOutput } from 'cdktf';

type AddressableCheck = (object: unknown) => boolean;
const prototype = TerraformOutput.prototype as unknown as { isITerraformAddressable?: AddressableCheck };
const original = prototype.isITerraformAddressable;

if (typeof original === 'function' && /\bisArray\)\(object\)/.test(original.toString())) {
  Object.defineProperty(TerraformOutput.prototype, 'isITerraformAddressable', {
    value: function isITerraformAddressable(object: unknown): boolean {
      return typeof object === 'object' && object !== null && !Array.isArray(object) && 'fqn' in object;
    },
    writable: true,
    configurable: true,
  });
}

export {};
