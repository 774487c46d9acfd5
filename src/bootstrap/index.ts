// Public exports of src/bootstrap (owned by whoever works on bootstrap).
export {};
