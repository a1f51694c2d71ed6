/**
 * A local OpenAI-compatible server that scripts its answers, for tie-break tests and benches: real HTTP on
 * 127.0.0.1, the /v1/chat/completions wire format, and whatever the script says (good answers, wrong backs,
 * malformed JSON, 5xx, slow replies).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ChatRequest {
  model: string;
  temperature?: number;
  /** text, or for vision requests a list of parts ({ type: "text" } and { type: "image_url" }) */
  messages: {
    role: string;
    content: string | { type: string; text?: string; image_url?: { url: string } }[];
  }[];
  response_format?: unknown;
}

export interface Reply {
  status?: number;
  /** message content of a normal completion */
  content?: string;
  /** a raw body instead (for broken responses) */
  raw?: string;
  delayMs?: number;
}

export type Script = (req: ChatRequest, callNumber: number) => Reply | Promise<Reply>;

export interface TestServer {
  baseUrl: string;
  requests: ChatRequest[];
  close(): Promise<void>;
}

export async function startOpenAiTestServer(script: Script, port = 0): Promise<TestServer> {
  const requests: ChatRequest[] = [];
  const sockets = new Set<import("node:net").Socket>();
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res
        .writeHead(404, { "content-type": "application/json" })
        .end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    let body: ChatRequest;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(400).end();
      return;
    }
    requests.push(body);
    const reply = await script(body, requests.length);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    if (res.destroyed) return;
    const status = reply.status ?? 200;
    if (reply.raw !== undefined || status !== 200) {
      res
        .writeHead(status, { "content-type": "application/json" })
        .end(reply.raw ?? JSON.stringify({ error: { message: `scripted ${status}` } }));
      return;
    }
    const content = reply.content ?? "";
    res.writeHead(200, { "content-type": "application/json" }).end(
      JSON.stringify({
        id: `chatcmpl-test-${requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: body.model,
        choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content } }],
        usage: {
          prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4),
          completion_tokens: Math.ceil(content.length / 4),
          total_tokens: 0,
        },
      }),
    );
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", r));
  const addr = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${addr.port}/v1`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The questions of a tie-break request, as our client sends them. */
export function questionsOf(
  req: ChatRequest,
): { front: { url: string }; allowed_backs: { url: string }[] }[] {
  const user = req.messages.find((m) => m.role === "user");
  return user && typeof user.content === "string" ? (JSON.parse(user.content).questions ?? []) : [];
}
