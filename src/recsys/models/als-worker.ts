/** Worker thread for AlsTrainer: runs solve tasks on the shared factor matrices. */
import { parentPort, workerData } from "node:worker_threads";
import { type AlsShared, runTask } from "./als-pool.js";

const shared = workerData as AlsShared;
const port = parentPort;
if (port) {
  port.on("message", (m: { id: number; task: Parameters<typeof runTask>[1] }) => {
    const result = runTask(shared, m.task);
    const transfer = [result.gram?.buffer, result.singleWeight?.buffer].filter(
      (b): b is ArrayBuffer => b instanceof ArrayBuffer,
    );
    port.postMessage({ id: m.id, result }, transfer);
  });
  port.postMessage("ready");
}
