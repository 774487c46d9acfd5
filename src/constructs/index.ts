// Public exports of src/constructs (owned by whoever works on constructs).
export {};
