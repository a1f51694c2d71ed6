import assert from "node:assert/strict";
import { appendFileSync, cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { loadServingState } from "../../../src/recsys/serving/state.js";
import { servingFixture } from "../../server/fixture.js";

describe("serving state reload", () => {
  it("keeps the state it serves when current_best is unchanged and still verifies, and refuses it once corrupted", async () => {
    const fx = await servingFixture();
    // a copy of the artifacts: corrupting them must not disturb other tests of this process
    const artifacts = join(mkdtempSync(join(tmpdir(), "state-")), "artifacts");
    cpSync(fx.artifacts, artifacts, { recursive: true });
    const serving = await loadServingState(artifacts);
    assert.equal(await loadServingState(artifacts, serving), serving);
    // without the serving state, the same model is built afresh
    const fresh = await loadServingState(artifacts);
    assert.notEqual(fresh, serving);
    assert.equal(fresh.modelId, serving.modelId);
    appendFileSync(join(artifacts, serving.modelId, "params.json"), " ");
    await assert.rejects(loadServingState(artifacts, serving), /fails verification: .*params\.json/);
  });
});
