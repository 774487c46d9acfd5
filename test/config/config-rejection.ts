// What the config tests share: load a config file that must be refused, and get its ConfigError.
import { ConfigError, loadEnvironmentsConfig } from '../../src/config';

/** Loads `file`, expecting a ConfigError, and returns it. */
export function rejectedConfig(file: string): ConfigError {
  try {
    loadEnvironmentsConfig(file);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error(`expected ${file} to be rejected`);
}
