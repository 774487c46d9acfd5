// Public exports of src/config (owned by whoever works on config).
export {};
