/** Every model decision is checked before it is used: a bad one only costs its own front. */
import { z } from "zod";
import type { Rejection } from "../../engine/types.js";
import type { FrontQuestion } from "./prompt.js";

const AnswerSchema = z.object({
  decisions: z.array(z.object({ front: z.string(), back: z.string().nullable() })),
});

export interface Validated {
  accepted: Map<string, string>;
  rejected: Rejection[];
}

/** Parses the model's text; throws on anything that is not the promised JSON shape (the call then counts as failed). */
export function parseAnswer(text: string): z.infer<typeof AnswerSchema> {
  const parsed = AnswerSchema.safeParse(JSON.parse(text));
  if (!parsed.success)
    throw new Error(`answer does not match the schema: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

export function validateDecisions(
  questions: FrontQuestion[],
  answer: z.infer<typeof AnswerSchema>,
  usedBacks: Set<string>,
): Validated {
  const allowed = new Map(questions.map((q) => [q.front.url, new Set(q.allowed_backs.map((b) => b.url))]));
  const accepted = new Map<string, string>();
  const rejected: Rejection[] = [];
  const answered = new Set<string>();
  for (const d of answer.decisions) {
    const ok = allowed.get(d.front);
    if (!ok) continue; // a front we did not ask about is ignored
    if (answered.has(d.front)) {
      rejected.push({ front: d.front, why: "duplicate_answer" });
      accepted.delete(d.front);
      continue;
    }
    answered.add(d.front);
    if (d.back === null) rejected.push({ front: d.front, why: "declined" });
    else if (!ok.has(d.back)) rejected.push({ front: d.front, why: "back_not_allowed" });
    else if (usedBacks.has(d.back)) rejected.push({ front: d.front, why: "back_reused" });
    else {
      accepted.set(d.front, d.back);
      usedBacks.add(d.back);
    }
  }
  for (const q of questions)
    if (!answered.has(q.front.url)) rejected.push({ front: q.front.url, why: "not_answered" });
  return { accepted, rejected };
}
