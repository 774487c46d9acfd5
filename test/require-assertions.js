// Every test must assert something: a test that runs no expect() passes whatever the code does.
beforeEach(() => {
  expect.hasAssertions();
});
