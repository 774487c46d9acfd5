// Public exports of src/client (owned by whoever works on client).
export {};
