import nock from "nock";
import { afterEach, beforeAll } from "vitest";

// No test may reach the network: GitHub and OpenAI are faked at the HTTP boundary.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith("127.0.0.1") || host.startsWith("localhost"));
});

afterEach(() => {
  nock.cleanAll();
});
