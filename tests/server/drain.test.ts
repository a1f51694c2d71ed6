import assert from "node:assert/strict";
import { Agent, get } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { drainAndClose } from "../../src/server/app.js";
import { testApp } from "./fixture.js";

interface Answer {
  status: number;
  connection: string | undefined;
}

const health = (port: number, agent: Agent | false) =>
  new Promise<Answer>((resolve, reject) => {
    get({ host: "127.0.0.1", port, path: "/health", agent }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    }).on("error", reject);
  });

describe("graceful stop", () => {
  it("one cluster worker going away takes no new connections and answers its open ones with connection: close", async () => {
    const { app } = await testApp();
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    assert.equal((await health(port, agent)).status, 200);
    const closed = drainAndClose(app, 300, 5000, false);
    await assert.rejects(health(port, false), /ECONNREFUSED/);
    assert.deepEqual(await health(port, agent), { status: 200, connection: "close" });
    await closed;
    agent.destroy();
  });

  it("the whole service stopping keeps accepting and answers /health 503 so balancers stop sending", async () => {
    const { app } = await testApp();
    await app.listen({ host: "127.0.0.1", port: 0 });
    const { port } = app.server.address() as AddressInfo;
    const closed = drainAndClose(app, 300, 5000, true);
    const answer = await health(port, false);
    assert.equal(answer.status, 503);
    assert.equal(answer.connection, "close");
    await closed;
  });
});
