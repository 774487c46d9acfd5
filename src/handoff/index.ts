// Public exports of src/handoff (owned by whoever works on handoff).
export {};
