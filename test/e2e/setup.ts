// A real n8n answers in seconds, not milliseconds: every e2e test may take minutes.
jest.setTimeout(5 * 60_000);
