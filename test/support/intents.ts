/** A minimal valid intent file for loader tests; `extra` appends YAML lines. */
export const intentYaml = (id: string, extra = '') => `id: ${id}
title: { en: "Title ${id}", zh: "标题" }
examples:
  en: ["first way to ask about ${id}", "second way to ask", "third way to ask"]
  zh: ["第一种问法", "第二种问法", "第三种问法"]
answer: { en: "Answer for ${id}.", zh: "回答。" }
${extra}`;
