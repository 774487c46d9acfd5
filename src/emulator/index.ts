// Public exports of src/emulator (owned by whoever works on emulator).
export {};
